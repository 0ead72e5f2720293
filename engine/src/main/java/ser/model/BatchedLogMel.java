package ser.model;

import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import ser.kernels.LogMelBatch;
import ser.kernels.LogMelCpu;
import ser.kernels.LogMelCuda;
import ser.kernels.MelSpec;

/**
 * Log-Mel frames of a batch of speech windows, made where the network runs: on a CUDA device by the
 * log-Mel kernel (the samples go up once, the frames never come down), elsewhere (or for an FFT larger
 * than the kernel takes) by its CPU twin.
 */
final class BatchedLogMel {
    /** {@code values}: [batch, maxFrames, nMels] on the requested device; rows past {@code frames[b]} are zero. */
    record Frames(Tensor values, int[] frames) {
    }

    private BatchedLogMel() {
    }

    static Frames compute(MelSpec spec, List<float[]> speech, Device device) {
        int batch = speech.size();
        long[] offsets = new long[batch];
        int[] lengths = new int[batch];
        long total = 0;
        for (int b = 0; b < batch; b++) {
            offsets[b] = total;
            lengths[b] = speech.get(b).length;
            total += lengths[b];
        }
        float[] flat = new float[Math.toIntExact(total)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(speech.get(b), 0, flat, (int) offsets[b], lengths[b]);
        }
        if (!CudaKernels.runOn(device) || !LogMelCuda.supports(spec)) {
            LogMelBatch cpu = new LogMelCpu(spec).compute(flat, offsets, lengths);
            Tensor values = Tensor.create(cpu.values(), batch, cpu.maxFrames(), spec.nMels());
            return new Frames(device.is_cuda() ? values.to(device, ScalarType.Float) : values, cpu.frames());
        }
        Tensor samples = Tensor.create(flat, flat.length).to(device, ScalarType.Float);
        int[] frames = spec.frameCounts(lengths);
        Tensor values = samples.new_empty(batch, LogMelBatch.maxFrames(frames), spec.nMels());
        LogMelCuda.compute(spec, CudaKernels.device(samples), CudaKernels.address(samples), flat.length, offsets, lengths,
                CudaKernels.address(values), CudaKernels.stream(samples));
        return new Frames(values, frames);
    }
}
