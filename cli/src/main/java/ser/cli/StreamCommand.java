package ser.cli;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import ser.audio.AudioDecodeException;
import ser.audio.AudioDecoder;
import ser.model.Recognizer;
import ser.runtime.LibTorch;
import ser.score.LiveRecognizer;

@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Recognize emotion live: one JSON line every hop over the last window.",
                "--input - reads raw 16-bit little-endian mono PCM from stdin at --sample-rate; a FILE, a",
                "named pipe or a URL FFmpeg opens (pipe:0 for any container on stdin, http://, rtsp://)",
                "is decoded. For a microphone: ffmpeg -f pulse -i default -f s16le -ac 1 -ar 16000 - |",
                "ser stream. Each line: time_s, emotion (null without speech), confidence, scores, latency_ms."})
final class StreamCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    DeviceOption device;

    @Option(names = "--input", paramLabel = "-|FILE|URL", description = "- for raw PCM on stdin, or a file, pipe or URL for FFmpeg (default: ${DEFAULT-VALUE})")
    String input = "-";

    @Option(names = "--sample-rate", paramLabel = "HZ", description = "rate of raw PCM on stdin (default: ${DEFAULT-VALUE})")
    int sampleRate = AudioDecoder.SAMPLE_RATE;

    @Option(names = "--window", paramLabel = "S", description = "seconds of audio each answer covers (default: the model's "
            + "input, 3 s for the shipped model)")
    Double window;

    @Option(names = "--hop", paramLabel = "S", description = "seconds between answers (default: ${DEFAULT-VALUE})")
    double hop = 0.5;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (sampleRate < AudioDecoder.MIN_SAMPLE_RATE || sampleRate > AudioDecoder.MAX_SAMPLE_RATE) {
            err.printf("ser stream: --sample-rate must be %d to %d Hz, not %d%n", AudioDecoder.MIN_SAMPLE_RATE,
                    AudioDecoder.MAX_SAMPLE_RATE, sampleRate);
            return ExitCodes.USAGE;
        }
        Recognizer recognizer;
        try {
            err.println(Devices.forScoring(device.name()));
            recognizer = Recognizer.load(model.dir(), LibTorch.device(device.name()));
            LibTorch.setThreads(1); // one window per call: extra threads only add latency
        } catch (IOException e) {
            err.println("ser stream: no usable model: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        }
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        LiveRecognizer live;
        try {
            double covered = window != null ? window : recognizer.description().logMel().inputSeconds();
            live = new LiveRecognizer(recognizer, covered, hop, update -> {
                latencies.add(update.latencyMs());
                out.println(Json.line(update));
                if (out.checkError()) { // flushes; true once the reader has gone (ser stream | head -1)
                    throw new OutputClosed();
                }
            });
        } catch (IllegalArgumentException e) {
            err.println("ser stream: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        try {
            if (input.equals("-")) {
                readPcm(System.in, live);
            } else if (java.nio.file.Files.isRegularFile(Path.of(input))) {
                AudioDecoder.stream(Path.of(input), live);
            } else {
                AudioDecoder.streamUrl(input, live);
            }
        } catch (AudioDecodeException e) {
            err.println("ser stream: " + e.getMessage());
            return ExitCodes.BAD_INPUT;
        } catch (OutputClosed e) {
            err.println("ser stream: the output was closed; stopped after " + latencies.size() + " answers");
            return ExitCodes.OK;
        }
        err.println(latencySummary(latencies));
        return ExitCodes.OK;
    }

    /** Reads little-endian 16-bit PCM, resampling linearly to 16 kHz when it arrives at another rate. */
    private void readPcm(InputStream stdin, LiveRecognizer live) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stdin, 4096));
        double step = sampleRate / (double) AudioDecoder.SAMPLE_RATE;
        float[] chunk = new float[160];
        int filled = 0;
        double position = 0;
        float previous = 0;
        float current;
        long index = -1;
        while (true) {
            try {
                current = Short.reverseBytes(in.readShort()) / 32768f;
            } catch (EOFException e) {
                break;
            }
            index++;
            while (position <= index) { // emit every output sample that falls between the last input and this one
                double frac = position - (index - 1);
                chunk[filled++] = index == 0 ? current : (float) (previous + (current - previous) * frac);
                position += step;
                if (filled == chunk.length) {
                    live.accept(chunk, filled);
                    filled = 0;
                }
            }
            previous = current;
        }
        live.accept(chunk, filled);
    }

    /** Ends the input loop once nobody reads the answers. */
    private static final class OutputClosed extends RuntimeException {
        OutputClosed() {
            super(null, null, false, false);
        }
    }

    static String latencySummary(List<Double> latencies) {
        if (latencies.isEmpty()) {
            return "no answers: less than one hop of audio";
        }
        List<Double> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p50 = sorted.get((int) Math.floor(0.50 * (sorted.size() - 1)));
        double p99 = sorted.get((int) Math.floor(0.99 * (sorted.size() - 1)));
        return String.format("%d answers; latency per hop: median %.1f ms, 99th percentile %.1f ms, max %.1f ms", sorted.size(),
                p50, p99, sorted.get(sorted.size() - 1));
    }
}
