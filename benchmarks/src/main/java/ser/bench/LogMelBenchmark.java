package ser.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import ser.features.FeatureMatrix;
import ser.features.LogMel;
import ser.features.LogMelConfig;

/** Time of one normalized log-Mel of a 3 s clip on the CPU path. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogMelBenchmark {
    private LogMel logMel;
    private float[] clip;

    @Setup
    public void setup() {
        logMel = new LogMel(LogMelConfig.DEFAULT);
        clip = new float[3 * 16_000];
        Random random = new Random(0);
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) random.nextGaussian();
        }
    }

    @Benchmark
    public FeatureMatrix logMelPerClip() {
        return logMel.compute(clip);
    }
}
