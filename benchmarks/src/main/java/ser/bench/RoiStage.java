package ser.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import ser.model.RoiAlign1d;
import ser.runtime.LibTorch;

/**
 * RoI Align over time at the shapes the default network pools (32 clips, 192 channels, 75 steps, 9
 * regions each, 8 bins, 2 samples per bin): ours from LibTorch ops, torchvision's roi_align.
 */
final class RoiStage {
    private static final int BATCH = 32;
    private static final int CHANNELS = 192;
    private static final int STEPS = 75;
    private static final int REGIONS = 9;
    private static final int BINS = 8;
    private static final int SAMPLING = 2;

    private RoiStage() {
    }

    static List<Result> run(BenchConfig config) throws Exception {
        LibTorch.setThreads(config.threads());
        RoiAlign1d roi = new RoiAlign1d(BINS, SAMPLING, 1.0, true);
        float[] rois = new float[BATCH * REGIONS * 3];
        Random random = new Random(0);
        for (int r = 0; r < BATCH * REGIONS; r++) {
            float start = random.nextFloat() * STEPS * 0.7f;
            rois[3 * r] = r / REGIONS;
            rois[3 * r + 1] = start;
            rois[3 * r + 2] = start + 1 + random.nextFloat() * STEPS * 0.3f;
        }
        Timing forward;
        Timing backward;
        try (PointerScope scope = new PointerScope()) {
            torch.manual_seed(0);
            Tensor features = torch.randn(BATCH, CHANNELS, STEPS);
            Tensor boxes = Tensor.create(rois, BATCH * REGIONS, 3);
            forward = Timing.measure(config.warmUps() + 2, config.runs(), () -> {
                try (PointerScope call = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                    roi.apply(features, boxes);
                }
            });
            Tensor trainable = features.clone().set_requires_grad(true);
            backward = Timing.measure(config.warmUps() + 2, config.runs(), () -> {
                try (PointerScope call = new PointerScope()) {
                    roi.apply(trainable, boxes).sum().backward();
                    trainable.grad().zero_();
                }
            });
        }
        Optional<String> missing = Reference.pythonMissing("torchvision");
        Timing.Rate refForward = null;
        Timing.Rate refBackward = null;
        String note = missing.orElse("");
        if (missing.isEmpty()) {
            JsonNode r = Reference.python("roi_reference.py", BATCH, CHANNELS, STEPS, REGIONS, BINS, SAMPLING, config.threads(),
                    config.runs());
            refForward = Timing.of(Reference.seconds(r.get("forward"))).rate(1);
            refBackward = Timing.of(Reference.seconds(r.get("backward"))).rate(1);
            note = "torchvision " + r.get("torchvision").asText();
        }
        String shape = BATCH + "x" + CHANNELS + "x" + STEPS + ", " + BATCH * REGIONS + " regions";
        return List.of(new Result("roi", "forward " + shape, "batches/s", forward.rate(1), "torchvision roi_align", refForward, note),
                new Result("roi", "forward+backward " + shape, "batches/s", backward.rate(1), "torchvision roi_align", refBackward,
                        note));
    }
}
