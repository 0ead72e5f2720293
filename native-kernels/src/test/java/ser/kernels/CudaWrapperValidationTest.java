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
    /** Device memory at address 0 of this many floats: never dereferenced, the checks come first. */
    private static Floats device(long length) {
        return Floats.device(0, 0L, length, null);
    }

    @Test
    void eachOpRefusesTheOtherKindOfMemoryNamingIt() {
        MelSpec spec = LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE);
        LogMelOp cuda = LogMelOp.cuda(spec, 0);
        var onHost = assertThrows(KernelException.class, () -> cuda.run(cuda.plan(new int[] {400}), Floats.host(new float[400]),
                new long[] {0}, device(64)));
        assertEquals("ser_logmel: the samples: a host array, but the CUDA kernel takes device memory", onHost.getMessage());
        LogMelOp cpu = LogMelOp.cpu(spec);
        var onDevice = assertThrows(IllegalArgumentException.class, () -> cpu.run(cpu.plan(new int[] {400}),
                Floats.host(new float[400]), new long[] {0}, device(64)));
        assertEquals("log-Mel: the output: device memory, but the CPU twin takes a host array", onDevice.getMessage());
        RoiAlignOp roi = RoiAlignOp.cpu(new RoiAlignSpec(8, 2, 1.0, true));
        var regions = assertThrows(IllegalArgumentException.class, () -> roi.forward(Floats.host(new float[8]),
                MapLayout.contiguous(1, 1, 8), device(3), RoiLayout.contiguous(1), Floats.host(new float[8])));
        assertEquals("roi_align_1d: the regions: device memory, but the CPU twin takes a host array", regions.getMessage());
    }

    @Test
    void theCpuTwinsRefuseAnOutputTooShortForThePlan() {
        LogMelOp cpu = LogMelOp.cpu(LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE));
        LogMelPlan plan = cpu.plan(new int[] {4_000});
        var e = assertThrows(IllegalArgumentException.class, () -> cpu.run(plan, Floats.host(new float[4_000]), new long[] {0},
                Floats.host(new float[(int) plan.outputLength() - 1])));
        assertEquals("log-Mel: an output of 1471 floats for 1472", e.getMessage());
    }

    @Test
    void logMelRefusesAnFftLargerThanTheKernelTakes() {
        MelSpec spec = LogMelReference.spec(400, 160, 1024, 64, Normalization.UTTERANCE);
        assertFalse(LogMelCuda.supports(spec));
        var e = assertThrows(KernelException.class, () -> LogMelOp.cuda(spec, 0));
        assertEquals("ser_logmel: n_fft 1024 is above the kernel's 512", e.getMessage());
    }

    @Test
    void logMelNamesTheUtteranceOutsideTheBuffer() {
        MelSpec spec = LogMelReference.spec(400, 160, 512, 64, Normalization.UTTERANCE);
        LogMelOp op = LogMelOp.cuda(spec, 0);
        var e = assertThrows(KernelException.class, () -> op.run(op.plan(new int[] {4_000, 4_000}), device(10_000),
                new long[] {0, 8_000}, device(2 * 24 * 64)));
        assertEquals("ser_logmel: utterance 1 [8000, +4000) is outside 2 utterances, lengths [4000, 4000], 10000 samples, "
                + "n_fft 512, 64 Mel bins", e.getMessage());
        var mismatch = assertThrows(KernelException.class, () -> op.run(op.plan(new int[] {4_000, 4_000}), device(10_000),
                new long[] {0}, device(2 * 24 * 64)));
        assertEquals("ser_logmel: 1 offsets for 2 lengths", mismatch.getMessage());
    }

    @Test
    void roiAlignRefusesAnEmptyTimeAxisWithRegionsToPool() {
        RoiAlignOp op = RoiAlignOp.cuda(new RoiAlignSpec(8, 2, 1.0, true), 0);
        var e = assertThrows(KernelException.class, () -> op.forward(device(0), MapLayout.contiguous(2, 3, 0), device(12),
                RoiLayout.contiguous(4), device(4 * 3 * 8)));
        assertEquals("roi_align_1d forward: an empty time axis for features [2, 3, 0] strides (0, 0, 1), rois [4, 3] "
                + "strides (3, 1), RoiAlignSpec[bins=8, samplingRatio=2, spatialScale=1.0, aligned=true]", e.getMessage());
    }

    @Test
    void roiAlignRefusesMoreOutputsThanItsIndexingCovers() {
        RoiAlignOp op = RoiAlignOp.cuda(new RoiAlignSpec(8, 2, 1.0, true), 0);
        var e = assertThrows(KernelException.class, () -> op.backward(device(1L << 32), MapLayout.contiguous(1, 65_536, 4),
                device(3 * 8_192), RoiLayout.contiguous(8_192), device(4 * 65_536)));
        assertTrue(e.getMessage().startsWith("roi_align_1d backward: 4294967296 outputs, above the kernel's "
                + "32-bit indexing"), e.getMessage());
    }
}
