package ser.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import ser.audio.AudioDecoder;
import ser.audio.SpeechLoader;
import ser.audio.VadConfig;
import ser.features.LogMel;
import ser.features.LogMelConfig;

/**
 * Decoding to 16 kHz mono, one thread, against the {@code ffmpeg} CLI doing the same in one process
 * over a concat list ({@code -threads 1}, output discarded), the two run in turns. Rates are seconds of
 * audio per second.
 * The ffmpeg figure includes its process start-up, spread over the whole list.
 */
final class DecodeStage {
    private DecodeStage() {
    }

    static List<Result> run(BenchConfig config, Corpus corpus) throws Exception {
        Optional<String> missing = Reference.missing("ffmpeg", "-version");
        List<Result> results = new ArrayList<>();
        int copies = config.quick() ? 5 : 40;
        for (Path file : corpus.formats()) {
            List<Path> repeated = Collections.nCopies(copies, file);
            results.add(compare(config, "decode", file.getFileName() + " x" + copies, repeated, missing, false));
        }
        List<Path> clips = corpus.clips(config.quick() ? 40 : 400);
        results.add(compare(config, "decode", clips.size() + " corpus clips", clips, missing, false));
        results.add(compare(config, "decode+features", clips.size() + " corpus clips, trimmed, log-Mel", clips, missing, true));
        return results;
    }

    private static Result compare(BenchConfig config, String stage, String workload, List<Path> files, Optional<String> missing,
                                  boolean features) throws Exception {
        double audioS = 0;
        for (Path f : files) {
            audioS += AudioDecoder.decode(f).durationS();
        }
        var loader = new SpeechLoader(VadConfig.DEFAULT);
        var logMel = new LogMel(LogMelConfig.DEFAULT);
        Timing.Work oursWork = () -> {
            for (Path f : files) {
                if (features) {
                    logMel.compute(loader.load(f).samples());
                } else {
                    AudioDecoder.decode(f);
                }
            }
        };
        if (missing.isPresent()) {
            return new Result(stage, workload, "audio s/s", Timing.measure(config.warmUps(), config.runs(), oursWork).rate(audioS),
                    "ffmpeg CLI", null, missing.get());
        }
        Path list = concatList(files);
        Timing.Pair timings;
        try {
            List<String> command = List.of("ffmpeg", "-nostdin", "-v", "error", "-threads", "1", "-f", "concat", "-safe", "0",
                    "-i", list.toString(), "-ac", "1", "-ar", "16000", "-f", "s16le", "-y", "/dev/null");
            timings = Timing.interleaved(config.warmUps(), config.runs(), oursWork, () -> Reference.run(command));
        } finally {
            Files.deleteIfExists(list);
        }
        String note = features ? "ffmpeg decodes only; ours also trims, standardizes and computes log-Mels" : "";
        return new Result(stage, workload, "audio s/s", timings.ours().rate(audioS),
                "ffmpeg CLI", timings.reference().rate(audioS), note);
    }

    private static Path concatList(List<Path> files) throws IOException {
        Path list = Files.createTempFile("ser-bench-", ".txt");
        List<String> lines = new ArrayList<>();
        for (Path f : files) {
            lines.add("file '" + f.toAbsolutePath().toString().replace("'", "'\\''") + "'");
        }
        Files.write(list, lines);
        return list;
    }

    /** The inputs: the format variants and corpus clips of {@code ../shared/data}, or synthetic clips without it. */
    record Corpus(List<Path> formats, List<Path> corpusClips, List<Path> everything) {
        List<Path> clips(int most) {
            return corpusClips.subList(0, Math.min(most, corpusClips.size()));
        }

        static Corpus of(Path data, Path synthetic) throws IOException {
            List<Path> formats = list(data.resolve("formats"));
            List<Path> clips = list(data.resolve("ravdess"));
            return clips.isEmpty() ? new Corpus(formats, list(synthetic), list(synthetic)) : new Corpus(formats, clips, list(data));
        }

        private static List<Path> list(Path dir) throws IOException {
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".md")).sorted().toList();
            }
        }
    }
}
