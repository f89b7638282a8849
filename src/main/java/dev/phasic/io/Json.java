package dev.phasic.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.phasic.UserError;
import java.io.IOException;
import java.nio.file.Path;

/** JSON files of a run: written whole or not at all ({@link dev.phasic.io.AtomicFile}). */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    public static void write(Path path, Object value) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        dev.phasic.io.AtomicFile.write(path, bytes);
    }

    public static <T> T read(Path path, Class<T> type) {
        try {
            return MAPPER.readValue(path.toFile(), type);
        } catch (IOException e) {
            for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof UserError u) throw new UserError(path + ": " + u.getMessage(), u);
            }
            throw new UserError("cannot read " + path + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
