package dev.phasic.torch;

import dev.phasic.UserError;
import dev.phasic.recurrent.RecurrentMlp;
import dev.phasic.torch.Ops;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir Path dir;

    @Test
    void stateDictRoundTripIsBitIdentical() throws Exception {
        Native.init();
        Rng.seed(5);
        RecurrentMlp a = new RecurrentMlp(RecurrentMlp.Shape.paper(784, -3), new Device("cpu"));
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(a.stateDict(), Map.of("format", "pt"), file);
        Map<String, Tensor> read = Safetensors.read(file);
        assertEquals(a.stateDict().keySet(), read.keySet(), "names and order survive");
        Rng.seed(6);
        RecurrentMlp b = new RecurrentMlp(RecurrentMlp.Shape.paper(784, -3), new Device("cpu"));
        b.loadStateDict(read);
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet()) {
            assertArrayEquals(bits(e.getValue()), bits(b.stateDict().get(e.getKey())), e.getKey());
            assertArrayEquals(Ops.shape(e.getValue()), Ops.shape(read.get(e.getKey())), e.getKey());
        }
        assertTrue(a.stateDict().containsKey("inference.recurrence.step.hidden.weight"), "dotted names");
        assertEquals("pt", Safetensors.metadata(file).get("format"));
        // header: 8-byte little-endian length, then JSON padded to 8 bytes
        byte[] raw = Files.readAllBytes(file);
        long len = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, len % 8);
        assertEquals('{', raw[8]);
    }

    @Test
    void missingAndUnexpectedKeysAreNamed() throws Exception {
        Native.init();
        RecurrentMlp a = new RecurrentMlp(RecurrentMlp.Shape.paper(784, -3), new Device("cpu"));
        Map<String, Tensor> state = new LinkedHashMap<>(a.stateDict());
        state.remove("generation.layer.output.bias");
        state.put("generation.extra", state.get("inference.layer.hidden.bias"));
        UserError e = assertThrows(UserError.class, () -> a.loadStateDict(state));
        assertTrue(e.getMessage().contains("missing [generation.layer.output.bias]"), e.getMessage());
        assertTrue(e.getMessage().contains("unexpected [generation.extra]"), e.getMessage());
    }

    @Test
    void truncatedFileGivesClearError() throws Exception {
        Native.init();
        Path file = dir.resolve("t.safetensors");
        Safetensors.write(Map.of("a", Ops.fromFloats(new float[] {1, 2, 3}, new Device("cpu"), 3)),
                Map.of(), file);
        byte[] raw = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(raw, raw.length - 4));
        UserError e = assertThrows(UserError.class, () -> Safetensors.read(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    static int[] bits(Tensor t) {
        float[] f = Ops.toFloats(t);
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Float.floatToRawIntBits(f[i]);
        return out;
    }
}
