package dev.phasic.torch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.phasic.UserError;
import dev.phasic.io.AtomicFile;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.AbstractTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.global.torch;

/**
 * The safetensors format (8-byte little-endian header length, JSON header, raw
 * little-endian data), readable by {@code safetensors.torch.load_file}. Tensors are
 * keyed by name, never by position.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {}

    /** Writes whole or not at all ({@link AtomicFile}); metadata keys in sorted order. */
    public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, Path path) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            new TreeMap<>(metadata).forEach(meta::put); // sorted: the same weights give the same bytes
        }
        Map<String, byte[]> blobs = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue().detach().cpu().contiguous();
            byte[] bytes = bytesOf(t);
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", dtypeName(t.scalar_type().intern(), e.getKey()));
            ArrayNode shape = info.putArray("shape");
            for (long s : Ops.shape(t)) shape.add(s);
            info.putArray("data_offsets").add(offset).add(offset + bytes.length);
            offset += bytes.length;
            blobs.put(e.getKey(), bytes);
        }
        byte[] head = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (head.length + 7) / 8 * 8;
        byte[] headPadded = new byte[padded];
        Arrays.fill(headPadded, (byte) ' ');
        System.arraycopy(head, 0, headPadded, 0, head.length);
        AtomicFile.write(path, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(headPadded);
            for (byte[] b : blobs.values()) out.write(b);
        });
    }

    /** Reads every tensor onto the CPU, in file order. */
    public static Map<String, Tensor> read(Path path) throws IOException {
        if (!Files.isRegularFile(path)) throw new UserError("weights file not found: " + path);
        byte[] all = Files.readAllBytes(path);
        if (all.length < 8) throw new UserError("not a safetensors file (" + all.length + " bytes): " + path);
        long headLen = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headLen <= 0 || 8 + headLen > all.length) {
            throw new UserError("safetensors header length " + headLen + " does not fit the file's "
                    + all.length + " bytes: " + path);
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(all, 8, (int) headLen, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UserError("safetensors header is not valid JSON (" + e.getOriginalMessage() + "): " + path);
        }
        if (header == null || !header.isObject()) throw new UserError("safetensors header is not a JSON object: " + path);
        int base = 8 + (int) headLen;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) continue;
            JsonNode info = e.getValue();
            JsonNode offsets = info.path("data_offsets");
            if (offsets.size() != 2 || !info.path("shape").isArray() || !info.path("dtype").isTextual()) {
                throw new UserError("tensor '" + e.getKey() + "' has a malformed header entry: " + path);
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            if (base + end > all.length || begin > end) {
                throw new UserError("tensor '" + e.getKey() + "' lies outside the file (truncated?): " + path);
            }
            long[] shape = new long[info.get("shape").size()];
            for (int i = 0; i < shape.length; i++) shape[i] = info.get("shape").get(i).asLong();
            byte[] bytes = Arrays.copyOfRange(all, base + (int) begin, base + (int) end);
            long count = 1;
            for (long d : shape) count *= d;
            long width = switch (info.get("dtype").asText()) {
                case "F64", "I64" -> 8;
                case "F32", "I32" -> 4;
                default -> 1;
            };
            if (count * width != bytes.length) {
                throw new UserError("tensor '" + e.getKey() + "' holds " + bytes.length + " bytes, its shape needs "
                        + count * width + ": " + path);
            }
            out.put(e.getKey(), fromBytes(bytes, info.get("dtype").asText(), shape));
        }
        return out;
    }

    /** The {@code __metadata__} block, empty when absent. */
    public static Map<String, String> metadata(Path path) throws IOException {
        byte[] all = Files.readAllBytes(path);
        long headLen = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode meta = JSON.readTree(new String(all, 8, (int) headLen, StandardCharsets.UTF_8)).get("__metadata__");
        Map<String, String> out = new LinkedHashMap<>();
        if (meta != null) meta.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static byte[] bytesOf(Tensor t) {
        long n = t.numel() * t.element_size();
        byte[] out = new byte[(int) n];
        if (n > 0) new BytePointer(t.data_ptr()).capacity(n).get(out);
        Reference.reachabilityFence(t); // t owns the bytes being copied
        return out;
    }

    private static Tensor fromBytes(byte[] bytes, String dtype, long[] shape) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        return switch (dtype) {
            case "F32" -> {
                float[] a = new float[bytes.length / 4];
                b.asFloatBuffer().get(a);
                yield AbstractTensor.create(a, shape);
            }
            case "F64" -> {
                double[] a = new double[bytes.length / 8];
                b.asDoubleBuffer().get(a);
                yield AbstractTensor.create(a, shape);
            }
            case "I64" -> {
                long[] a = new long[bytes.length / 8];
                b.asLongBuffer().get(a);
                yield AbstractTensor.create(a, shape);
            }
            case "I32" -> {
                int[] a = new int[bytes.length / 4];
                b.asIntBuffer().get(a);
                yield AbstractTensor.create(a, shape);
            }
            case "U8" -> AbstractTensor.create(bytes, false, shape);
            default -> throw new UserError("unsupported safetensors dtype " + dtype);
        };
    }

    /** {@code type} must be interned: JavaCPP returns enum copies whose ordinal is not the constant's. */
    private static String dtypeName(ScalarType type, String name) {
        return switch (type) {
            case Float -> "F32";
            case Double -> "F64";
            case Long -> "I64";
            case Int -> "I32";
            case Byte -> "U8";
            default -> throw new IllegalArgumentException("cannot save tensor '" + name + "' of type " + type);
        };
    }
}
