package dev.phasic.cli;

import dev.phasic.torch.Native;
import dev.phasic.training.Checkpoint;
import java.util.concurrent.Callable;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine.Command;

/** {@code phasic info}: versions, BLAS, threads and devices. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show versions, BLAS, threads and devices.")
public final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Native.init();
        System.out.println("phasic      " + Checkpoint.VERSION);
        System.out.println("java        " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("libtorch    " + Native.torchVersion() + " via JavaCPP " + Native.javacppVersion());
        System.out.println("build       " + (Native.build().equals("cuda") ? "cuda (libtorch's CUDA build, mvn -Pcuda)"
                : "cpu (mvn package; mvn -Pcuda -DskipTests package builds target/phasic-cuda.jar)"));
        System.out.println("blas        " + Native.blas());
        System.out.println("threads     " + torch.get_num_threads() + " intra-op, " + Runtime.getRuntime().availableProcessors() + " cores");
        boolean cuda = torch.cuda_is_available();
        System.out.println("devices     cpu" + (cuda ? ", cuda x" + torch.cuda_device_count() : ""));
        System.out.println("cuda        " + (cuda ? "available" : "not available in this build/machine"));
        return 0;
    }
}
