package ser.model;

import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import ser.kernels.LogMelBatch;
import ser.kernels.LogMelCpu;
import ser.kernels.LogMelCuda;
import ser.kernels.MelSpec;
import ser.kernels.Packed;

/**
 * Log-Mel frames of a batch of speech windows, made where the network runs: on a CUDA device by the
 * log-Mel kernel (the samples go up once, the frames never come down), elsewhere (or for an FFT larger
 * than the kernel takes) by its CPU twin.
 */
final class BatchedLogMel {
    /**
     * {@code values}: [batch, maxFrames, nMels], rows past {@code frames[b]} zero; on the device when the kernel
     * made them, on the CPU otherwise ({@link SerNet#forward} moves its input to the network).
     */
    record Frames(Tensor values, int[] frames) {
    }

    private BatchedLogMel() {
    }

    static Frames compute(MelSpec spec, List<float[]> speech, Device device) {
        int batch = speech.size();
        Packed packed = Packed.of(speech);
        if (!CudaKernels.runOn(device) || !LogMelCuda.supports(spec)) {
            LogMelBatch cpu = new LogMelCpu(spec).compute(packed.values(), packed.offsets(), packed.lengths());
            return new Frames(Tensor.create(cpu.values(), batch, cpu.maxFrames(), spec.nMels()), cpu.frames());
        }
        Tensor samples = Tensor.create(packed.values(), packed.values().length).to(device, ScalarType.Float);
        int[] frames = spec.frameCounts(packed.lengths());
        Tensor values = samples.new_empty(batch, LogMelBatch.maxFrames(frames), spec.nMels());
        LogMelCuda.compute(spec, CudaKernels.device(samples), CudaKernels.address(samples), packed.values().length,
                packed.offsets(), packed.lengths(), CudaKernels.address(values), CudaKernels.stream(samples));
        return new Frames(values, frames);
    }
}
