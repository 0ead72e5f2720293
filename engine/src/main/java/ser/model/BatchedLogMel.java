package ser.model;

import java.util.List;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import ser.kernels.Floats;
import ser.kernels.LogMelBatch;
import ser.kernels.LogMelCpu;
import ser.kernels.LogMelCuda;
import ser.kernels.LogMelOp;
import ser.kernels.LogMelPlan;
import ser.kernels.MelSpec;
import ser.kernels.Packed;

/**
 * Log-Mel frames of a batch of speech windows, made where the network runs: on a CUDA device by the
 * log-Mel kernel (the samples go up once, the frames never come down), elsewhere (or for an FFT larger
 * than the kernel takes) by its CPU twin. Each thread keeps its own op (they own scratch).
 */
final class BatchedLogMel {
    /**
     * {@code values}: [batch, maxFrames, nMels], rows past {@code frames[b]} zero; on the device when the kernel
     * made them, on the CPU otherwise ({@link SerNet#forward} moves its input to the network).
     */
    record Frames(Tensor values, int[] frames) {
    }

    private static final ThreadLocal<LogMelCpu> CPU = new ThreadLocal<>();
    private static final ThreadLocal<LogMelCuda> CUDA = new ThreadLocal<>();

    private BatchedLogMel() {
    }

    static Frames compute(MelSpec spec, List<float[]> speech, Device device) {
        int batch = speech.size();
        Packed packed = Packed.of(speech);
        if (!CudaKernels.runOn(device) || !LogMelCuda.supports(spec)) {
            LogMelCpu twin = CPU.get();
            if (twin == null || !twin.spec().equals(spec)) {
                twin = new LogMelCpu(spec);
                CPU.set(twin);
            }
            LogMelBatch cpu = twin.compute(packed.values(), packed.offsets(), packed.lengths());
            return new Frames(Tensor.create(cpu.values(), batch, cpu.maxFrames(), spec.nMels()), cpu.frames());
        }
        Tensor samples = Tensor.create(packed.values(), packed.values().length).to(device, ScalarType.Float);
        int index = CudaKernels.device(samples);
        LogMelCuda op = CUDA.get();
        if (op == null || !op.spec().equals(spec) || op.device() != index) {
            op = (LogMelCuda) LogMelOp.cuda(spec, index);
            CUDA.set(op);
        }
        LogMelPlan plan = op.plan(packed.lengths());
        Tensor values = samples.new_empty(batch, plan.maxFrames(), spec.nMels());
        var stream = CudaKernels.stream(samples);
        op.run(plan, Floats.device(index, CudaKernels.address(samples), packed.values().length, stream), packed.offsets(),
                Floats.device(index, CudaKernels.address(values), plan.outputLength(), stream));
        return new Frames(values, plan.frames());
    }
}
