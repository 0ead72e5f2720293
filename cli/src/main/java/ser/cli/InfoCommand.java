package ser.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.kernels.CudaStatus;
import ser.kernels.NativeKernels;
import ser.runtime.LibTorch;

@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Versions of ser, LibTorch and FFmpeg; whether CUDA and the custom kernels are usable; threads.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() {
        Map<String, Object> info = collect();
        var out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(info));
        } else {
            info.forEach((k, v) -> out.printf("%-16s %s%n", k, v));
        }
        return ExitCodes.OK;
    }

    static Map<String, Object> collect() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("ser", Main.version());
        info.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        info.put("platform", Loader.getPlatform());
        info.put("libtorch", LibTorch.version());
        info.put("ffmpeg", org.bytedeco.ffmpeg.global.avutil.av_version_info().getString());
        info.put("build", Main.cpuOnlyBuild()
                ? "CPU-only (LibTorch without CUDA); SER_MAVEN_ARGS=-Pgpu ./ser info, or docker/Dockerfile.cuda, builds the CUDA one"
                : "CUDA (LibTorch with CUDA 13 and cuDNN 9 from the machine)");
        CudaStatus cuda = CudaStatus.query();
        info.put("cuda", cuda.available() || !Main.cpuOnlyBuild() ? cuda.summary()
                : "none in this CPU-only build (" + cuda.detail() + "); the CUDA build (see build) brings it");
        info.put("cuda_available", cuda.available());
        info.put("libtorch_cuda", LibTorch.cudaAvailable());
        info.put("custom_kernels", NativeKernels.summary());
        info.put("distributed", ser.dist.ProcessGroup.backendsSummary());
        info.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        info.put("torch_threads", LibTorch.threads());
        info.put("max_native_bytes", Pointer.maxBytes() == 0 ? "unlimited" : Pointer.maxBytes());
        return info;
    }
}
