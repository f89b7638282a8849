package dev.phasic.torch;

import dev.phasic.UserError;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;

/** Parses device names ({@code cpu}, {@code cuda}, {@code cuda:1}) into long-lived libtorch devices. */
public final class Devices {
    private Devices() {}

    public static Device parse(String name) {
        Native.init();
        String n = name.trim().toLowerCase();
        if (n.equals("cpu")) return new Device("cpu");
        if (n.equals("cuda") || n.matches("cuda:\\d+")) {
            if (!torch.cuda_is_available()) {
                throw new UserError("device '" + name + "' requested but " + (Native.build().equals("cuda")
                        ? "this CUDA build finds no usable GPU (an NVIDIA driver and CUDA 13.1's cuBLAS and cuDNN 9 are needed), or use --device cpu"
                        : "this is the CPU build (mvn -Pcuda -DskipTests package builds target/phasic-cuda.jar), or use --device cpu"));
            }
            int index = n.equals("cuda") ? 0 : Integer.parseInt(n.substring(5));
            int count = torch.cuda_device_count();
            if (index >= count) {
                throw new UserError("device '" + name + "' does not exist: found " + count + " CUDA device(s)");
            }
            return new Device(n.equals("cuda") ? "cuda:0" : n);
        }
        throw new UserError("unknown device '" + name + "': expected cpu, cuda or cuda:N");
    }

    public static String describe(Device d) {
        return d.str().getString();
    }
}
