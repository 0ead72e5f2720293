package ser.kernels;

import static org.bytedeco.cuda.global.cudart.*;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.LongPointer;

/**
 * The batched log-Mel on a CUDA device, twin of {@link LogMelCpu}: one fused kernel takes the samples to
 * log-Mel rows without leaving shared memory, a second normalizes each utterance. Window and filters are
 * uploaded once per device and spec.
 */
public final class LogMelCuda {
    static final int MAX_FFT = 512;
    private static final int FRAMES_PER_BLOCK = 8;
    private static final int MAX_GRID_Y = 65_535;
    private static final Map<Constants.Key, Constants> CONSTANTS = new ConcurrentHashMap<>();

    private LogMelCuda() {
    }

    /**
     * Computes the log-Mel of utterances {@code samples[offsets[b] … + lengths[b])} (a device buffer of
     * {@code sampleCount} floats) into {@code out}, a device buffer of {@code batch × maxFrames × nMels}
     * floats where {@code maxFrames} is the largest of the returned frame counts. Asynchronous on
     * {@code stream}; the host arrays may be reused when this returns.
     */
    public static int[] compute(MelSpec spec, int device, long samples, long sampleCount, long[] offsets, int[] lengths,
                                long out, CUstream_st stream) {
        int[] frames = spec.frameCounts(lengths);
        Supplier<String> shapes = () -> offsets.length + " utterances, lengths " + abbreviated(lengths) + ", "
                + sampleCount + " samples, n_fft " + spec.nFft() + ", " + spec.nMels() + " Mel bins";
        String op = "ser_logmel";
        if (offsets.length != lengths.length) {
            throw new KernelException(op + ": " + offsets.length + " offsets for " + lengths.length + " lengths");
        }
        if (spec.nFft() > MAX_FFT) {
            throw new KernelException(op + ": n_fft " + spec.nFft() + " is above the kernel's " + MAX_FFT);
        }
        if (offsets.length > MAX_GRID_Y) {
            throw new KernelException(op + ": " + offsets.length + " utterances, the kernel takes at most " + MAX_GRID_Y);
        }
        for (int b = 0; b < offsets.length; b++) {
            if (offsets[b] < 0 || lengths[b] < 0 || offsets[b] + lengths[b] > sampleCount) {
                throw new KernelException(op + ": utterance " + b + " [" + offsets[b] + ", +" + lengths[b] + ") is outside "
                        + shapes.get());
            }
        }
        int maxFrames = LogMelBatch.maxFrames(frames);
        if (maxFrames == 0) {
            return frames;
        }
        CudaDriver driver = CudaDriver.on(device);
        Constants constants = CONSTANTS.computeIfAbsent(new Constants.Key(device, spec), key -> Constants.upload(key));
        long[] table = new long[2];
        try (LongPointer offsetsHost = new LongPointer(offsets); IntPointer framesHost = new IntPointer(frames)) {
            driver.makeCurrent();
            CudaDriver.check(cuMemAllocAsync(table, 8L * offsets.length + 4L * frames.length, stream), op, "cuMemAllocAsync",
                    shapes);
            long offsetsDevice = table[0];
            long framesDevice = offsetsDevice + 8L * offsets.length;
            CudaDriver.check(cuMemcpyHtoDAsync(offsetsDevice, offsetsHost, 8L * offsets.length, stream), op,
                    "cuMemcpyHtoDAsync", shapes);
            CudaDriver.check(cuMemcpyHtoDAsync(framesDevice, framesHost, 4L * frames.length, stream), op,
                    "cuMemcpyHtoDAsync", shapes);
            int log2Fft = Integer.numberOfTrailingZeros(spec.nFft());
            int blocksX = (maxFrames + FRAMES_PER_BLOCK - 1) / FRAMES_PER_BLOCK;
            driver.launch(op, shapes, "ser_logmel_frames", blocksX, offsets.length, 256, stream, samples, offsetsDevice,
                    framesDevice, constants.window.address(), spec.winLength(), spec.hopLength(), log2Fft,
                    constants.melFirst.address(), constants.melCount.address(), constants.melStart.address(),
                    constants.melWeights.address(), spec.nMels(), (float) spec.logEps(), maxFrames, out);
            if (spec.normalization() != Normalization.NONE) {
                driver.launch(op, shapes, "ser_logmel_normalize", offsets.length, 1, 256, stream, out, framesDevice, maxFrames,
                        spec.nMels(), spec.normalization() == Normalization.UTTERANCE ? 1 : 2);
            }
            CudaDriver.check(cuMemFreeAsync(offsetsDevice, stream), op, "cuMemFreeAsync", shapes);
        }
        return frames;
    }

    private static String abbreviated(int[] lengths) {
        return lengths.length <= 8 ? Arrays.toString(lengths)
                : Arrays.toString(Arrays.copyOf(lengths, 8)).replace("]", ", …]");
    }

    /** Window and filters in device memory, kept for the life of the process (a few kilobytes). */
    private record Constants(DeviceBuffer window, DeviceBuffer melFirst, DeviceBuffer melCount, DeviceBuffer melStart,
                             DeviceBuffer melWeights) {

        record Key(int device, MelSpec spec) {
        }

        static Constants upload(Key key) {
            MelSpec spec = key.spec();
            float[] window = new float[spec.winLength()];
            for (int i = 0; i < window.length; i++) {
                window[i] = (float) spec.window()[i];
            }
            int nMels = spec.nMels();
            int[] count = new int[nMels];
            int[] start = new int[nMels];
            int total = 0;
            for (int m = 0; m < nMels; m++) {
                start[m] = total;
                count[m] = spec.melWeights()[m].length;
                total += count[m];
            }
            float[] weights = new float[total];
            for (int m = 0; m < nMels; m++) {
                System.arraycopy(spec.melWeights()[m], 0, weights, start[m], count[m]);
            }
            int device = key.device();
            return new Constants(DeviceBuffer.of(device, window), DeviceBuffer.of(device, spec.melFirst()),
                    DeviceBuffer.of(device, count), DeviceBuffer.of(device, start), DeviceBuffer.of(device, weights));
        }
    }
}
