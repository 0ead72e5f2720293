package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The build carries the kernels exactly when it could compile them, and says what it carries. */
class NativeKernelsTest {

    private static boolean nvccPresent() {
        if (System.getenv("NVCC") != null) {
            return true;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "nvcc"))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"));
    }

    @Test
    void aBuildWithNvccCarriesAFatbinForEveryTarget() {
        byte[] fatbin = CudaDriver.fatbin();
        if (!nvccPresent()) {
            assertNull(fatbin, "no nvcc, yet a fatbin");
            assertTrue(NativeKernels.summary().startsWith("not compiled"), NativeKernels.summary());
            return;
        }
        assertNotNull(fatbin, "nvcc is here but the build carries no kernels");
        // fatbin magic 0xBA55ED50, little-endian
        assertEquals(0x50, fatbin[0] & 0xff);
        assertEquals(0xED, fatbin[1] & 0xff);
        assertEquals(0x55, fatbin[2] & 0xff);
        assertEquals(0xBA, fatbin[3] & 0xff);
        String targets = NativeKernels.compiledFor();
        assertTrue(targets.startsWith("sm_75 sm_80 sm_86 sm_89 sm_90 sm_100 sm_120 + compute_90 PTX by nvcc "), targets);
        for (String kernel : new String[] {"ser_logmel_frames", "ser_logmel_normalize", "ser_roi_align_1d_forward",
                "ser_roi_align_1d_backward"}) {
            assertTrue(new String(fatbin, java.nio.charset.StandardCharsets.ISO_8859_1).contains(kernel), kernel);
        }
    }

    @Test
    void theSummarySaysWhetherTheKernelsRunAndWhyNot() {
        String summary = NativeKernels.summary();
        String reason = NativeKernels.unavailableReason(0);
        assertEquals(reason == null, summary.endsWith("loaded on CUDA device 0"), summary);
        if (reason != null) {
            assertTrue(summary.contains("CPU twins are used"), summary);
            assertTrue(summary.contains(reason), summary);
        }
    }
}
