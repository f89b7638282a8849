package dev.phasic.report;

import dev.phasic.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Animated GIF through the JDK's own GIF writer: a frame delay in the graphic control
 * extension of every frame and the NETSCAPE2.0 application extension for endless
 * looping. Written to a temporary file, then renamed.
 */
public final class Gif {
    private Gif() {}

    public static void write(Path file, List<BufferedImage> frames, int delayMs) throws IOException {
        if (frames.isEmpty()) throw new IllegalArgumentException("a GIF needs at least one frame");
        AtomicFile.createFolders(file.toAbsolutePath().getParent());
        AtomicFile.write(file, stream -> writeFrames(stream, frames, delayMs));
    }

    private static void writeFrames(OutputStream stream, List<BufferedImage> frames, int delayMs) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(stream)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            boolean first = true;
            for (BufferedImage frame : frames) {
                IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                annotate(meta, delayMs, first);
                writer.writeToSequence(new IIOImage(frame, null, meta), null);
                first = false;
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static void annotate(IIOMetadata meta, int delayMs, boolean loop) throws IOException {
        String format = meta.getNativeMetadataFormatName(); // javax_imageio_gif_image_1.0
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (loop) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
