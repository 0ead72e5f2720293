package ser.kernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.javacpp.BytePointer;

/**
 * The batched log-Mel on a CUDA device, twin of {@link LogMelCpu}: one fused kernel takes the samples to
 * log-Mel rows without leaving shared memory, a second normalizes each utterance. Window, twiddle factors
 * and filters are uploaded once per device and spec; the utterances' offsets and frame counts travel as
 * a kernel parameter from a table this instance owns, so a run makes no allocation or copy and never
 * waits for the stream. One instance per thread (the table is reused right after each launch, which
 * copies it).
 */
public final class LogMelCuda implements LogMelOp {
    private static final String OP = "ser_logmel";
    private static final int MAX_FFT = 512;
    private static final int FRAMES_PER_BLOCK = 8;
    /** The kernels' {@code Utterances} parameter: offsets (int64) then frame counts (int32) of up to this many. */
    private static final int MAX_UTTERANCES = 1024;
    private static final int UTTERANCES_BYTES = 12 * MAX_UTTERANCES;
    private static final Map<Constants.Key, Constants> CONSTANTS = new ConcurrentHashMap<>();
    private final MelSpec spec;
    private final int device;
    private static final byte[] ZEROS = new byte[UTTERANCES_BYTES];
    /** Native memory owned by the JVM: a PointerScope closing around a run cannot free it under us. */
    private final ByteBuffer table = ByteBuffer.allocateDirect(UTTERANCES_BYTES).order(ByteOrder.nativeOrder());
    private BytePointer utterances; // over the table, made at the first launch (JavaCPP's natives load then)

    LogMelCuda(MelSpec spec, int device) {
        if (!supports(spec)) {
            throw new KernelException(OP + ": n_fft " + spec.nFft() + " is above the kernel's " + MAX_FFT);
        }
        this.spec = spec;
        this.device = device;
    }

    /** Whether the kernels take this spec: the FFT must fit the kernel's shared memory. */
    public static boolean supports(MelSpec spec) {
        return spec.nFft() <= MAX_FFT;
    }

    @Override
    public MelSpec spec() {
        return spec;
    }

    public int device() {
        return device;
    }

    @Override
    public void run(LogMelPlan plan, Floats samplesIn, long[] offsets, Floats outTo) {
        Floats.OnDevice samples = Floats.onDevice(samplesIn, OP, "the samples");
        Floats.OnDevice out = Floats.onDevice(outTo, OP, "the output");
        int[] lengths = plan.lengths();
        int[] frames = plan.frames();
        Supplier<String> shapes = () -> offsets.length + " utterances, lengths " + abbreviated(lengths) + ", "
                + samples.length() + " samples, n_fft " + spec.nFft() + ", " + spec.nMels() + " Mel bins";
        if (offsets.length != lengths.length) {
            throw new KernelException(OP + ": " + offsets.length + " offsets for " + lengths.length + " lengths");
        }
        if (samples.device() != device || out.device() != device) {
            throw new KernelException(OP + ": buffers on devices " + samples.device() + " and " + out.device()
                    + " for a plan on device " + device);
        }
        if (out.length() < plan.outputLength()) {
            throw new KernelException(OP + ": an output of " + out.length() + " floats for " + plan.outputLength() + ", "
                    + shapes.get());
        }
        for (int b = 0; b < offsets.length; b++) {
            if (offsets[b] < 0 || lengths[b] < 0 || offsets[b] + lengths[b] > samples.length()) {
                throw new KernelException(OP + ": utterance " + b + " [" + offsets[b] + ", +" + lengths[b] + ") is outside "
                        + shapes.get());
            }
        }
        int maxFrames = plan.maxFrames();
        if (maxFrames == 0) {
            return;
        }
        CudaDriver driver = CudaDriver.on(device);
        if (utterances == null) {
            utterances = new BytePointer(table);
        }
        Constants constants = CONSTANTS.computeIfAbsent(new Constants.Key(device, spec), key -> Constants.upload(key));
        int log2Fft = Integer.numberOfTrailingZeros(spec.nFft());
        int mode = spec.normalization() == Normalization.UTTERANCE ? 1 : 2;
        long rowBytes = 4L * maxFrames * spec.nMels();
        for (int first = 0; first < offsets.length; first += MAX_UTTERANCES) {
            int count = Math.min(MAX_UTTERANCES, offsets.length - first);
            table.put(0, ZEROS);
            for (int b = 0; b < count; b++) {
                table.putLong(8 * b, offsets[first + b]);
                table.putInt(8 * MAX_UTTERANCES + 4 * b, frames[first + b]);
            }
            long chunkOut = out.address() + first * rowBytes;
            driver.launch(OP, shapes, (maxFrames + FRAMES_PER_BLOCK - 1) / FRAMES_PER_BLOCK, count, 256, out.stream(),
                    new LaunchArgs.LogMelFrames(samples.address(), utterances, constants.window.address(),
                            constants.twiddles.address(), spec.winLength(), spec.hopLength(), log2Fft,
                            constants.melFirst.address(), constants.melCount.address(), constants.melStart.address(),
                            constants.melWeights.address(), spec.nMels(), (float) spec.logEps(), maxFrames, chunkOut));
            if (spec.normalization() != Normalization.NONE) {
                driver.launch(OP, shapes, count, 1, 256, out.stream(),
                        new LaunchArgs.LogMelNormalize(chunkOut, utterances, maxFrames, spec.nMels(), mode));
            }
        }
    }

    private static String abbreviated(int[] lengths) {
        return lengths.length <= 8 ? Arrays.toString(lengths)
                : Arrays.toString(Arrays.copyOf(lengths, 8)).replace("]", ", …]");
    }

    /** Window and filters in device memory, kept for the life of the process (a few kilobytes). */
    private record Constants(DeviceBuffer window, DeviceBuffer twiddles, DeviceBuffer melFirst, DeviceBuffer melCount,
                             DeviceBuffer melStart, DeviceBuffer melWeights) {

        record Key(int device, MelSpec spec) {
        }

        static Constants upload(Key key) {
            MelSpec spec = key.spec();
            float[] window = spec.windowFloats();
            Packed filters = Packed.of(Arrays.asList(spec.melWeights()));
            int[] start = Arrays.stream(filters.offsets()).mapToInt(Math::toIntExact).toArray();
            // The FFT's twiddle factors stage by stage, so that each stage reads consecutive entries: the stage
            // that combines halves of size h uses exp(-2πi·p/2h), p < h, at entries h-1 … 2h-2 (n-1 in all).
            float[] twiddles = new float[2 * (spec.nFft() - 1)];
            for (int half = 1; half < spec.nFft(); half *= 2) {
                for (int p = 0; p < half; p++) {
                    double angle = -Math.PI * p / half;
                    twiddles[2 * (half - 1 + p)] = (float) Math.cos(angle);
                    twiddles[2 * (half - 1 + p) + 1] = (float) Math.sin(angle);
                }
            }
            int device = key.device();
            return new Constants(DeviceBuffer.of(device, window), DeviceBuffer.of(device, twiddles),
                    DeviceBuffer.of(device, spec.melFirst()),
                    DeviceBuffer.of(device, filters.lengths()), DeviceBuffer.of(device, start),
                    DeviceBuffer.of(device, filters.values()));
        }
    }
}
