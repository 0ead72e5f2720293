package ser.bench;

import static org.bytedeco.cuda.global.cudart.*;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.cuda.cudart.CUevent_st;
import ser.features.LogMelConfig;
import ser.kernels.DeviceBuffer;
import ser.kernels.LogMelBatch;
import ser.kernels.LogMelCpu;
import ser.kernels.Floats;
import ser.kernels.LogMelOp;
import ser.kernels.LogMelPlan;
import ser.kernels.MapLayout;
import ser.kernels.MelSpec;
import ser.kernels.NativeKernels;
import ser.kernels.RoiAlignCpu;
import ser.kernels.RoiAlignOp;
import ser.kernels.RoiAlignSpec;
import ser.kernels.RoiLayout;

/**
 * Times the CUDA kernels on device buffers (no LibTorch needed, so it runs where only a driver and the
 * kernels' jars are): a device-to-device copy for the bandwidth ceiling, the batched log-Mel for 256
 * clips of 3 s, and RoI Align forward and backward at the default network's shapes. Device time from
 * CUDA events, median of repeated runs after warm-up; each result is also checked against the CPU twin.
 * Run: {@code java -cp … ser.bench.KernelBench [clips] [repeats]}.
 */
public final class KernelBench {
    private static final int DEVICE = 0;

    private KernelBench() {
    }

    public static void main(String[] args) {
        int clips = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String reason = NativeKernels.unavailableReason(DEVICE);
        if (reason != null) {
            System.out.println("kernel bench: no device (" + reason + ")");
            return;
        }
        System.out.println("kernels: " + NativeKernels.summary());
        double copyGbs = copyBandwidth(repeats);
        logMel(clips, repeats, copyGbs);
        roiAlign(clips, repeats, copyGbs);
    }

    /** GB/s of a 1 GiB device-to-device copy, counting bytes read plus bytes written. */
    private static double copyBandwidth(int repeats) {
        long bytes = 1L << 30;
        try (DeviceBuffer a = DeviceBuffer.allocate(DEVICE, bytes); DeviceBuffer b = DeviceBuffer.allocate(DEVICE, bytes)) {
            a.fill(1f);
            double ms = median(repeats, () -> cuMemcpyDtoD(b.address(), a.address(), bytes));
            double gbs = 2.0 * bytes / ms / 1e6;
            row("copy D2D 1 GiB", ms, 2.0 * bytes, gbs, 1.0);
            return gbs;
        }
    }

    private static void logMel(int clips, int repeats, double copyGbs) {
        MelSpec spec = LogMelConfig.DEFAULT.melSpec();
        int length = 48_000;
        float[] samples = new float[clips * length];
        Random random = new Random(1);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) random.nextGaussian();
        }
        long[] offsets = new long[clips];
        int[] lengths = new int[clips];
        for (int b = 0; b < clips; b++) {
            offsets[b] = (long) b * length;
            lengths[b] = length;
        }
        int frames = spec.frameCount(length);
        long outValues = (long) clips * frames * spec.nMels();
        try (DeviceBuffer in = DeviceBuffer.of(DEVICE, samples); DeviceBuffer out = DeviceBuffer.allocate(DEVICE, 4 * outValues)) {
            LogMelOp kernel = LogMelOp.cuda(spec, DEVICE);
            LogMelPlan plan = kernel.plan(lengths);
            Floats input = Floats.device(DEVICE, in.address(), samples.length, null);
            Floats output = Floats.device(DEVICE, out.address(), outValues, null);
            double ms = median(repeats, () -> {
                kernel.run(plan, input, offsets, output);
                return 0;
            });
            double bytes = 4.0 * samples.length + 4.0 * outValues;
            row("log-Mel " + clips + " x 3 s (frames + normalize)", ms, bytes, bytes / ms / 1e6, bytes / ms / 1e6 / copyGbs);
            long start = System.nanoTime();
            LogMelBatch twin = new LogMelCpu(spec).compute(samples, offsets, lengths);
            double cpuMs = (System.nanoTime() - start) / 1e6;
            System.out.printf(Locale.ROOT, "  CPU twin, one thread: %.1f ms; kernel/twin relative error %.2e%n", cpuMs,
                    relativeError(out.toFloats(), twin.values()));
        }
    }

    private static void roiAlign(int clips, int repeats, double copyGbs) {
        int channels = 192;
        int length = 75;
        int regions = clips * 9;
        RoiAlignSpec spec = new RoiAlignSpec(8, 2, 1.0, true);
        Random random = new Random(2);
        float[] features = new float[clips * channels * length];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        float[] rois = new float[regions * 3];
        for (int r = 0; r < regions; r++) {
            float start = random.nextFloat() * length;
            rois[3 * r] = r / 9;
            rois[3 * r + 1] = r % 9 == 8 ? 0 : start;
            rois[3 * r + 2] = r % 9 == 8 ? length : Math.min(length, start + 6 + random.nextFloat() * 40);
        }
        MapLayout map = MapLayout.contiguous(clips, channels, length);
        RoiLayout layout = RoiLayout.contiguous(regions);
        long outValues = (long) regions * channels * spec.bins();
        float[] upstream = new float[(int) outValues];
        for (int i = 0; i < upstream.length; i++) {
            upstream[i] = (float) random.nextGaussian();
        }
        try (DeviceBuffer f = DeviceBuffer.of(DEVICE, features); DeviceBuffer r = DeviceBuffer.of(DEVICE, rois);
             DeviceBuffer out = DeviceBuffer.allocate(DEVICE, 4 * outValues); DeviceBuffer g = DeviceBuffer.of(DEVICE, upstream);
             DeviceBuffer grad = DeviceBuffer.allocate(DEVICE, 4L * features.length)) {
            String shape = String.format(Locale.ROOT, "[%d, %d, %d], %d regions, %d bins", clips, channels, length, regions,
                    spec.bins());
            RoiAlignOp kernel = RoiAlignOp.cuda(spec, DEVICE);
            Floats regionsOnDevice = Floats.device(DEVICE, r.address(), rois.length, null);
            double forwardMs = median(repeats, () -> {
                kernel.forward(Floats.device(DEVICE, f.address(), features.length, null), map, regionsOnDevice, layout,
                        Floats.device(DEVICE, out.address(), outValues, null));
                return 0;
            });
            double forwardBytes = 4.0 * features.length + 4.0 * outValues;
            row("RoI Align forward " + shape, forwardMs, forwardBytes, forwardBytes / forwardMs / 1e6,
                    forwardBytes / forwardMs / 1e6 / copyGbs);
            double backwardMs = median(repeats, () -> {
                kernel.backward(Floats.device(DEVICE, g.address(), outValues, null), map, regionsOnDevice, layout,
                        Floats.device(DEVICE, grad.address(), features.length, null));
                return 0;
            });
            double backwardBytes = 4.0 * outValues + 4.0 * features.length;
            row("RoI Align backward " + shape, backwardMs, backwardBytes, backwardBytes / backwardMs / 1e6,
                    backwardBytes / backwardMs / 1e6 / copyGbs);
            System.out.printf(Locale.ROOT, "  kernel/twin relative error: forward %.2e, backward %.2e%n",
                    relativeError(out.toFloats(), new RoiAlignCpu(spec).forward(features, map, rois, layout)),
                    relativeError(grad.toFloats(), new RoiAlignCpu(spec).backward(upstream, map, rois, layout)));
        }
    }

    private interface Launch {
        int run();
    }

    /** Median device milliseconds of {@code repeats} runs, after as many warm-up runs. */
    private static double median(int repeats, Launch launch) {
        CUevent_st start = new CUevent_st();
        CUevent_st stop = new CUevent_st();
        cuEventCreate(start, 0);
        cuEventCreate(stop, 0);
        double[] ms = new double[repeats];
        float[] elapsed = {0};
        for (int i = 0; i < 2 * repeats; i++) {
            cuEventRecord(start, null);
            int rc = launch.run();
            cuEventRecord(stop, null);
            cuEventSynchronize(stop);
            if (rc != CUDA_SUCCESS) {
                throw new IllegalStateException("CUDA error " + rc);
            }
            cuEventElapsedTime(elapsed, start, stop);
            if (i >= repeats) {
                ms[i - repeats] = elapsed[0];
            }
        }
        cuEventDestroy(start);
        cuEventDestroy(stop);
        Arrays.sort(ms);
        return ms[repeats / 2];
    }

    private static void row(String what, double ms, double bytes, double gbs, double fractionOfCopy) {
        System.out.printf(Locale.ROOT, "%-62s %9.4f ms  %8.1f MB  %7.1f GB/s  %5.1f %% of copy%n", what, ms, bytes / 1e6, gbs,
                100 * fractionOfCopy);
    }

    private static double relativeError(float[] got, float[] expected) {
        double error = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            error += (got[i] - (double) expected[i]) * (got[i] - (double) expected[i]);
            norm += (double) expected[i] * expected[i];
        }
        return Math.sqrt(error / norm);
    }
}
