package ser.audio;

import java.nio.file.Path;
import java.util.Locale;

/** Decode → trim silence → standardize: where a file becomes the samples the features see. */
public final class SpeechLoader {
    private final VadConfig vad;

    public SpeechLoader(VadConfig vad) {
        this.vad = vad;
    }

    public Utterance load(Path file) throws AudioDecodeException {
        DecodedAudio audio = AudioDecoder.decode(file);
        float[] samples = audio.samples();
        if (audio.durationS() * 1000 < vad.frameMs()) {
            throw new AudioDecodeException(file.toString(), String.format(Locale.ROOT,
                    "too short: %.3f s is less than one %.0f ms analysis frame", audio.durationS(), vad.frameMs()));
        }
        SpeechSpan span = VoiceActivity.detect(samples, vad)
                .orElseThrow(() -> new AudioDecodeException(file.toString(), "no speech: the file is silent"));
        float[] speech = Waveforms.standardize(samples, (int) span.startSample(), (int) span.endSample());
        return new Utterance(file.toString(), speech, span, audio.durationS(), audio.source());
    }
}
