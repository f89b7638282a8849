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
                throw new UserError("device '" + name + "' requested but this libtorch build has no usable CUDA "
                        + "(use the CUDA build of org.bytedeco:pytorch on a machine with a GPU, or --device cpu)");
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
