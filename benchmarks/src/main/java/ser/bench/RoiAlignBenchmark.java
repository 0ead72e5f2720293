package ser.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import ser.model.RoiAlign1d;
import ser.runtime.LibTorch;

/** Time of one RoI Align forward over a batch at the default network's shapes (32 x 192 x 75, 288 regions), one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoiAlignBenchmark {
    private PointerScope scope;
    private Tensor features;
    private Tensor boxes;
    private RoiAlign1d roi;

    @Setup(Level.Trial)
    public void setup() {
        LibTorch.setThreads(1);
        scope = new PointerScope();
        torch.manual_seed(0);
        features = torch.randn(32, 192, 75);
        float[] rois = new float[288 * 3];
        Random random = new Random(0);
        for (int r = 0; r < 288; r++) {
            float start = random.nextFloat() * 50;
            rois[3 * r] = r / 9;
            rois[3 * r + 1] = start;
            rois[3 * r + 2] = start + 1 + random.nextFloat() * 24;
        }
        boxes = Tensor.create(rois, 288, 3);
        roi = new RoiAlign1d(8, 2, 1.0, true);
    }

    @Benchmark
    public long forwardPerBatch() {
        try (PointerScope call = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            return roi.apply(features, boxes).numel();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scope.close();
    }
}
