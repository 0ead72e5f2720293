package ser.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * Configuration of {@code ser bench}.
 *
 * @param quick   a few runs on small inputs, to check that every stage still works (CI runs this)
 * @param stages  stages to run, from {@link #STAGES}
 * @param data    folder of real clips ({@code ../shared/data} layout); a synthetic corpus stands in when absent
 * @param model   network model directory for the scoring stage
 * @param threads threads for ours and for the references alike
 */
public record BenchConfig(boolean quick, List<String> stages, Path data, Path model, int threads) {
    public static final List<String> STAGES = List.of("decode", "logmel", "roi", "train", "score");

    public BenchConfig {
        for (String s : stages) {
            if (!STAGES.contains(s)) {
                throw new IllegalArgumentException("unknown stage '" + s + "': use " + String.join(", ", STAGES));
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    int runs() {
        return quick ? 3 : 7;
    }

    int warmUps() {
        return quick ? 1 : 2;
    }
}
