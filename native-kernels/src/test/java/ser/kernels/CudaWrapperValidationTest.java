package ser.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The host wrappers check their arguments before touching CUDA, so bad calls fail the same way with
 * or without a GPU: a {@link KernelException} naming the op and what was wrong. No device pointer is
 * dereferenced here (0 stands for one).
 */
class CudaWrapperValidationTest {

    @Test
    void logMelRefusesAnFftLargerThanTheKernelTakes() {
        MelSpec spec = LogMelReference.spec(400, 160, 1024, 64, Normalization.UTTERANCE);
        assertFalse(LogMelCuda.supports(spec));
        var e = assertThrows(KernelException.class,
                () -> LogMelCuda.compute(spec, 0, 0L, 4_000, new long[] {0}, new int[] {4_000}, 0L, null));
        assertEquals("ser_logmel: n_fft 1024 is above the kernel's 512", e.getMessage());
    }

    @Test
    void logMelNamesTheUtteranceOutsideTheBuffer() {
        MelSpec spec = LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE);
        var e = assertThrows(KernelException.class,
                () -> LogMelCuda.compute(spec, 0, 0L, 10_000, new long[] {0, 8_000}, new int[] {4_000, 4_000}, 0L, null));
        assertEquals("ser_logmel: utterance 1 [8000, +4000) is outside 2 utterances, lengths [4000, 4000], 10000 samples, "
                + "n_fft 512, 64 Mel bins", e.getMessage());
        var mismatch = assertThrows(KernelException.class,
                () -> LogMelCuda.compute(spec, 0, 0L, 10_000, new long[] {0}, new int[] {4_000, 4_000}, 0L, null));
        assertEquals("ser_logmel: 1 offsets for 2 lengths", mismatch.getMessage());
    }

    @Test
    void roiAlignRefusesAnEmptyTimeAxisWithRegionsToPool() {
        var e = assertThrows(KernelException.class, () -> RoiAlignCuda.forward(0, 0L, MapLayout.contiguous(2, 3, 0), 0L,
                RoiLayout.contiguous(4), new RoiAlignSpec(8, 2, 1.0, true), 0L, null));
        assertEquals("roi_align_1d forward: an empty time axis for features [2, 3, 0] strides (0, 0, 1), rois [4, 3] "
                + "strides (3, 1), RoiAlignSpec[bins=8, samplingRatio=2, spatialScale=1.0, aligned=true]", e.getMessage());
    }

    @Test
    void roiAlignRefusesMoreOutputsThanItsIndexingCovers() {
        var e = assertThrows(KernelException.class, () -> RoiAlignCuda.backward(0, 0L, MapLayout.contiguous(1, 65_536, 4), 0L,
                RoiLayout.contiguous(8_192), new RoiAlignSpec(8, 2, 1.0, true), 0L, null));
        assertTrue(e.getMessage().startsWith("roi_align_1d backward: 4294967296 outputs, above the kernel's "
                + "32-bit indexing"), e.getMessage());
    }
}
