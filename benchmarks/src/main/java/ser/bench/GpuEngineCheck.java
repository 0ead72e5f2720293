package ser.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.AdamW;
import org.bytedeco.pytorch.AdamWOptions;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import ser.model.ModelBundle;
import ser.model.ModelInput;
import ser.model.Recognizer;
import ser.model.RoiAlign1d;
import ser.model.SerNet;
import ser.model.Tensors;
import ser.runtime.LibTorch;
import ser.train.Losses;
import ser.train.Trainer;

/**
 * The engine on a CUDA device, checked against itself on the CPU: a model's recognitions of the same
 * windows (CUDA: log-Mel kernel, cuDNN encoder, RoI Align kernel), RoI Align's kernel against its
 * tensor ops on the device, a training step from the same weights, and windows and training steps per
 * second on each device.
 * Run: {@code java -cp … ser.bench.GpuEngineCheck [modelDir] [device]}.
 */
public final class GpuEngineCheck {
    private GpuEngineCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "models/default");
        String target = args.length > 1 ? args[1] : "cuda:0"; // "cpu" runs every comparison against itself
        LibTorch.load();
        boolean cuda = torch.cuda_is_available();
        System.out.println("LibTorch " + LibTorch.version() + ", CUDA available: " + cuda + ", devices: "
                + (cuda ? torch.cuda_device_count() : 0) + ", cuDNN: " + (cuda && torch.cudnn_is_available()));
        if (!cuda && !target.equals("cpu")) {
            return;
        }
        Device gpu = new Device(target);
        ModelBundle.LoadedModel onCpu = ModelBundle.load(modelDir);
        ModelBundle.LoadedModel onGpu = ModelBundle.load(modelDir);
        onGpu.net().to(gpu, false);
        Recognizer cpuRecognizer = new Recognizer(onCpu);
        Recognizer gpuRecognizer = new Recognizer(onGpu, gpu);
        compareRoiAlign(gpu);
        List<float[]> windows = windows(256, new Random(7));
        compare(cpuRecognizer, gpuRecognizer, name(gpu), windows.subList(0, 64));
        trainingSteps(modelDir, gpu, windows.subList(0, 32));
        for (int batch : new int[] {8, 64, 256}) {
            double cpuRate = rate(cpuRecognizer, windows.subList(0, batch), batch >= 64 ? 3 : 10);
            double gpuRate = rate(gpuRecognizer, windows.subList(0, batch), 20);
            System.out.printf(Locale.ROOT, "batch %3d: CPU %7.1f windows/s (%d threads), %s %8.1f windows/s, ratio %.1f%n",
                    batch, cpuRate, torch.get_num_threads(), name(gpu), gpuRate, gpuRate / cpuRate);
        }
    }

    /** 3 s windows of noise with a slow envelope, standardized as the scorer's are. */
    private static List<float[]> windows(int count, Random random) {
        List<float[]> windows = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            float[] x = new float[48_000 - random.nextInt(20_000)];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextGaussian() * (0.2 + Math.abs(Math.sin(i / (700.0 + w)))));
            }
            windows.add(x);
        }
        return windows;
    }

    private static List<ModelInput> prepare(Recognizer recognizer, List<float[]> windows) {
        List<ModelInput> inputs = new ArrayList<>();
        for (float[] w : windows) {
            inputs.add(recognizer.prepare(w, 0, w.length / 16_000.0));
        }
        return inputs;
    }

    /** What the target is called in the report: a "cpu" target (the check of the check) must not read as CUDA. */
    private static String name(Device target) {
        return target.is_cuda() ? "CUDA" : "CPU target";
    }

    private static void compare(Recognizer cpu, Recognizer gpu, String gpuName, List<float[]> windows) {
        List<Recognizer.Recognition> want = cpu.recognize(prepare(cpu, windows));
        List<Recognizer.Recognition> got = gpu.recognize(prepare(gpu, windows));
        double maxDiff = 0;
        int sameEmotion = 0;
        for (int b = 0; b < want.size(); b++) {
            for (String label : want.get(b).scores().keySet()) {
                maxDiff = Math.max(maxDiff, Math.abs(want.get(b).scores().get(label) - got.get(b).scores().get(label)));
            }
            sameEmotion += want.get(b).emotion().equals(got.get(b).emotion()) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "recognitions %s vs CPU, %d windows: same emotion %d, max score difference %.2e%n",
                gpuName, want.size(), sameEmotion, maxDiff);
    }

    private static void compareRoiAlign(Device gpu) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor features = torch.randn(64, 192, 75).to(gpu, org.bytedeco.pytorch.global.torch.ScalarType.Float);
            float[] rois = new float[64 * 9 * 3];
            Random random = new Random(3);
            for (int r = 0; r < 64 * 9; r++) {
                float start = random.nextFloat() * 80 - 3;
                rois[3 * r] = r / 9;
                rois[3 * r + 1] = start;
                rois[3 * r + 2] = start + random.nextFloat() * 40;
            }
            Tensor boxes = Tensor.create(rois, 64 * 9, 3).to(gpu, org.bytedeco.pytorch.global.torch.ScalarType.Float);
            RoiAlign1d align = new RoiAlign1d(8, 2, 1.0, true);
            float[] kernel = Tensors.floats(align.apply(features, boxes));
            float[] ops = Tensors.floats(align.apply(features.detach().requires_grad_(true), boxes));
            double error = 0;
            double norm = 0;
            for (int i = 0; i < ops.length; i++) {
                error += (kernel[i] - ops[i]) * (double) (kernel[i] - ops[i]);
                norm += ops[i] * (double) ops[i];
            }
            System.out.printf(Locale.ROOT, "RoI Align on %s tensors, kernel vs LibTorch ops: relative error %.2e%n",
                    name(gpu), Math.sqrt(error / norm));
        }
        timeRoiAlign(gpu);
    }

    /** What RoI Align costs in a training step at batch 32 on the device: tensor ops forward + backward, and the kernel. */
    private static void timeRoiAlign(Device gpu) {
        RoiAlign1d align = new RoiAlign1d(8, 2, 1.0, true);
        Tensor features = torch.randn(32, 192, 75).to(gpu, org.bytedeco.pytorch.global.torch.ScalarType.Float);
        float[] rois = new float[32 * 9 * 3];
        for (int r = 0; r < 32 * 9; r++) {
            rois[3 * r] = r / 9;
            rois[3 * r + 1] = r % 9 * 7;
            rois[3 * r + 2] = r % 9 * 7 + 20;
        }
        Tensor boxes = Tensor.create(rois, 32 * 9, 3).to(gpu, org.bytedeco.pytorch.global.torch.ScalarType.Float);
        double[] ms = new double[2];
        for (int kernel = 0; kernel < 2; kernel++) {
            for (int i = 0; i < 120; i++) {
                if (i == 20) {
                    synchronize(gpu);
                    ms[kernel] = System.nanoTime();
                }
                try (PointerScope scope = new PointerScope()) {
                    if (kernel == 1) {
                        try (NoGradGuard noGrad = new NoGradGuard()) {
                            align.apply(features, boxes);
                        }
                    } else {
                        Tensor leaf = features.detach().requires_grad_(true);
                        align.apply(leaf, boxes).sum().backward();
                    }
                }
            }
            synchronize(gpu);
            ms[kernel] = (System.nanoTime() - ms[kernel]) / 1e6 / 100;
        }
        System.out.printf(Locale.ROOT, "RoI Align at batch 32 on %s: tensor ops forward + backward %.3f ms, kernel forward %.3f ms%n",
                name(gpu), ms[0], ms[1]);
    }

    /**
     * One AdamW step from the same weights on the same batch on each device (training mode: cuDNN's LSTM
     * has no backward otherwise, so dropout draws differ), then the steps per second of each.
     */
    private static void trainingSteps(Path modelDir, Device gpu, List<float[]> windows) throws IOException {
        ModelBundle.LoadedModel onCpu = ModelBundle.load(modelDir);
        ModelBundle.LoadedModel onGpu = ModelBundle.load(modelDir);
        onGpu.net().to(gpu, false);
        List<ModelInput> inputs = prepare(new Recognizer(onCpu), windows);
        int frames = (int) (inputs.get(0).logMel().length / 64);
        float[] stacked = new float[inputs.size() * frames * 64];
        int[] valid = new int[inputs.size()];
        long[] labels = new long[inputs.size()];
        for (int b = 0; b < inputs.size(); b++) {
            System.arraycopy(inputs.get(b).logMel(), 0, stacked, b * frames * 64, frames * 64);
            valid[b] = inputs.get(b).validFrames();
            labels[b] = b % 6;
        }
        Tensor batch = Tensor.create(stacked, inputs.size(), 1, frames, 64);
        float[] weights = {1, 1, 1, 1, 1, 1};
        double[] loss = new double[2];
        float[][] after = new float[2][];
        ModelBundle.LoadedModel[] models = {onCpu, onGpu};
        AdamW[] optimizers = new AdamW[2];
        for (int d = 0; d < 2; d++) {
            SerNet net = models[d].net();
            optimizers[d] = new AdamW(net.parameters(), new AdamWOptions(1e-3));
            net.train(true); // cuDNN's LSTM has no backward in evaluation mode
            Losses losses = new Losses(weights, net.anchors());
            loss[d] = Trainer.step(net, optimizers[d], losses, batch, valid, labels, null).terms().total().item_double();
            after[d] = Tensors.floats(Tensors.owned(net.parameters()).get(0));
        }
        double maxDiff = 0;
        for (int i = 0; i < after[0].length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(after[0][i] - after[1][i]));
        }
        System.out.printf(Locale.ROOT, "training step, batch %d: loss CPU %.6f, %s %.6f (dropout draws differ); first weight "
                + "tensor after the step differs by at most %.2e%n", inputs.size(), loss[0], name(gpu), loss[1], maxDiff);
        for (int d = 0; d < 2; d++) {
            SerNet net = models[d].net();
            net.train(true);
            Losses losses = new Losses(weights, net.anchors());
            int repeats = d == 0 ? 3 : 20;
            Trainer.step(net, optimizers[d], losses, batch, valid, labels, null);
            long start = System.nanoTime();
            for (int i = 0; i < repeats; i++) {
                try (PointerScope scope = new PointerScope()) {
                    Trainer.step(net, optimizers[d], losses, batch, valid, labels, null).terms().total().item_double();
                }
            }
            System.out.printf(Locale.ROOT, "training steps, batch %d, %s: %.2f steps/s%n", inputs.size(), d == 0 ? "CPU" : name(gpu),
                    repeats / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static void synchronize(Device device) {
        if (device.is_cuda()) {
            torch.cuda_synchronize();
        }
    }

    private static double rate(Recognizer recognizer, List<float[]> windows, int repeats) {
        recognizer.recognize(prepare(recognizer, windows));
        long start = System.nanoTime();
        for (int i = 0; i < repeats; i++) {
            recognizer.recognize(prepare(recognizer, windows));
        }
        return windows.size() * repeats / ((System.nanoTime() - start) / 1e9);
    }
}
