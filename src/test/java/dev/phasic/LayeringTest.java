package dev.phasic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The README's layout holds: each package refers only to packages before it in this order. */
class LayeringTest {
    private static final List<String> ORDER = List.of("io", "torch", "data", "nn", "models", "objectives", "training",
            "report", "evaluation", "experiments", "cli", "recurrent", "hierarchical", "video");
    private static final Pattern REFERENCE = Pattern.compile("dev\\.phasic\\.([a-z]+)\\.[A-Z]");

    @Test
    void arrowsRunOneWay() throws IOException {
        Path root = Path.of("src/main/java/dev/phasic");
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(f).getNameCount() > 1 ? root.relativize(f).getName(0).toString() : null;
                if (pkg == null) continue; // UserError, EnvironmentFault: shared by all
                int at = ORDER.indexOf(pkg);
                assertTrue(at >= 0, "package " + pkg + " is not in the layout");
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    int other = ORDER.indexOf(m.group(1));
                    if (other > at) wrong.add(root.relativize(f) + " → " + m.group(1));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "references against the layout: " + wrong);
    }
}
