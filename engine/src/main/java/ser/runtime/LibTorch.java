package ser.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.global.torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door to LibTorch's natives. JavaCPP extracts libraries lazily, one by one; on the very
 * first run {@code libtorch.so} is loaded before {@code libtorch_cpu.so} sits beside it, so the
 * dynamic linker falls back to the system search path and, on a machine with Debian's
 * libtorch1.13, loads that one and crashes. Extracting the whole native folder first makes
 * {@code $ORIGIN} resolve to the bundled copies.
 */
public final class LibTorch {
    private static final Logger LOG = LoggerFactory.getLogger(LibTorch.class);
    private static volatile boolean loaded;

    private LibTorch() {
    }

    /** Extracts and loads the bundled LibTorch; cheap after the first call. */
    public static synchronized void load() {
        if (loaded) {
            return;
        }
        try {
            // The CPU jar's folder, or the -Pgpu build's; whichever is on the class path.
            for (String folder : new String[] {Loader.getPlatform(), Loader.getPlatform() + "-gpu"}) {
                var files = Loader.cacheResources(torch.class, "/org/bytedeco/pytorch/" + folder + "/");
                LOG.debug("LibTorch natives in {}: {} files in the JavaCPP cache", folder, files.length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract LibTorch natives", e);
        }
        Loader.load(torch.class);
        loaded = true;
    }

    /** The bytedeco preset's version, e.g. {@code 2.10.0-1.5.13} (LibTorch 2.10.0). */
    public static String version() {
        try {
            return String.valueOf(Loader.getVersion("org.bytedeco", "pytorch"));
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static boolean cudaAvailable() {
        load();
        return torch.cuda_is_available();
    }

    /** Where a network asked to run on {@code requested} (auto, cpu or cuda) runs: CUDA device 0 when LibTorch has one. */
    public static Device device(String requested) {
        return !requested.equals("cpu") && cudaAvailable() ? new Device("cuda:0") : new Device("cpu");
    }

    /**
     * Sets LibTorch's intra-op threads. Callers that run several inferences at once give each a
     * share of the cores: OpenMP threads that outnumber cores spin against each other and run
     * several times slower (measured here: a 30 s training epoch took 160 s beside a second process;
     * two scoring workers ran 72 clips/s with OpenBLAS at its default of one thread per core, 196 with one).
     */
    public static void setThreads(int threads) {
        load();
        torch.set_num_threads(Math.max(1, threads));
        // LibTorch's CPU build calls OpenBLAS, whose own pool ignores the setting above
        org.bytedeco.openblas.presets.openblas_nolapack.blas_set_num_threads(Math.max(1, threads));
    }

    public static int threads() {
        load();
        return torch.get_num_threads();
    }
}
