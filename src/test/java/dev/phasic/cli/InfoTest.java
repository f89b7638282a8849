package dev.phasic.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.phasic.TestSupport;
import org.junit.jupiter.api.Test;

/** {@code phasic info} names the build: the default build carries libtorch's CPU natives, and a CUDA device is refused in one line. */
class InfoTest {
    @Test
    void theDefaultBuildSaysItIsTheCpuBuild() {
        String info = TestSupport.stdout("info");
        assertTrue(info.contains("build       cpu"), info);
        assertTrue(info.contains("libtorch    2."), info);
        assertTrue(TestSupport.userError("train", "--device", "cuda", "--steps", "1").contains("CPU build"));
    }
}
