package ser.kernels;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** The CUDA kernels under the log-Mel contract, on buffers from cuMemAlloc; the output is poisoned with NaN first. */
@Tag("gpu")
class LogMelCudaTest extends LogMelContract {

    @BeforeEach
    void requireGpu() {
        Gpu.require();
    }

    @Override
    LogMelBatch run(MelSpec spec, float[] samples, long[] offsets, int[] lengths) {
        int[] frames = spec.frameCounts(lengths);
        int maxFrames = LogMelBatch.maxFrames(frames);
        try (DeviceBuffer in = DeviceBuffer.of(Gpu.DEVICE, samples);
             DeviceBuffer out = DeviceBuffer.allocate(Gpu.DEVICE, 4L * lengths.length * maxFrames * spec.nMels())) {
            out.fill(Float.NaN);
            int[] got = LogMelCuda.compute(spec, Gpu.DEVICE, in.address(), samples.length, offsets, lengths, out.address(),
                    null);
            return new LogMelBatch(LogMelBatch.maxFrames(got), spec.nMels(), got, out.toFloats());
        }
    }
}
