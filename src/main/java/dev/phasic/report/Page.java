package dev.phasic.report;

import dev.phasic.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML page (figures inlined as PNG data) for an experiment's folder:
 * a title, paragraphs, tables and figures in the order added, written atomically.
 */
public final class Page {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public Page(String title) {
        this.title = title;
        body.append("<h1>").append(escape(title)).append("</h1>");
    }

    /** A paragraph of plain text. */
    public Page text(String text) {
        body.append("<p>").append(escape(text)).append("</p>");
        return this;
    }

    public Page heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>");
        return this;
    }

    /** A table with a header row; cells are plain text (numbers formatted by the caller). */
    public Page table(List<String> header, List<List<String>> rows) {
        body.append("<table><tr>");
        for (String h : header) body.append("<th>").append(escape(h)).append("</th>");
        body.append("</tr>");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String c : r) body.append("<td>").append(escape(c)).append("</td>");
            body.append("</tr>");
        }
        body.append("</table>");
        return this;
    }

    /** The PNG at {@code png}, inlined, with a caption. */
    public Page figure(Path png, String caption) throws IOException {
        body.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png))).append("\"><figcaption>")
            .append(escape(caption)).append("</figcaption></figure>");
        return this;
    }

    public void write(Path html) {
        String page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:right}"
                + "th{background:#f4f4f4}img{max-width:100%}figcaption{color:#555}</style></head><body>"
                + body + "</body></html>";
        AtomicFile.write(html, page.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
