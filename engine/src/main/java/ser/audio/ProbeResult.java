package ser.audio;

import java.nio.file.Path;
import ser.io.Numbers;

/**
 * What {@code ser probe} reports for one file; on failure only {@code path} and {@code error} are set.
 * The speech span is null when the file holds no speech (silence, or shorter than one VAD frame). Times are
 * rounded to the millisecond.
 */
public record ProbeResult(String path, String container, String codec, Integer sampleRate, Integer channels,
                          Double durationS, Double speechStartS, Double speechEndS, String error) {
    public ProbeResult {
        durationS = Numbers.round(durationS, Numbers.SECONDS);
        speechStartS = Numbers.round(speechStartS, Numbers.SECONDS);
        speechEndS = Numbers.round(speechEndS, Numbers.SECONDS);
    }

    /** Decodes {@code file} as a stream (bounded memory for any length) and trims its silence. */
    public static ProbeResult of(Path file, VadConfig vad) {
        var activity = new VoiceActivity(vad);
        try {
            SourceFormat format = AudioDecoder.stream(file, activity);
            var span = activity.speechSpan();
            return new ProbeResult(file.toString(), format.container(), format.codec(), format.sampleRate(),
                    format.channels(), activity.samplesSeen() / (double) AudioDecoder.SAMPLE_RATE,
                    span.map(SpeechSpan::startS).orElse(null), span.map(SpeechSpan::endS).orElse(null), null);
        } catch (AudioDecodeException e) {
            return failed(file.toString(), e.reason());
        } catch (RuntimeException e) {
            return failed(file.toString(), "internal error: " + e); // one file's bug must not end a batch
        }
    }

    public static ProbeResult failed(String path, String error) {
        return new ProbeResult(path, null, null, null, null, null, null, null, error);
    }
}
