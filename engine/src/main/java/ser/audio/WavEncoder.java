package ser.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Mono samples as a canonical 44-byte-header WAV, for the synthesizer's corpora and for PCM handed to the
 * API (FFmpeg then reads it as it reads every file). Written here rather than through javax.sound, which
 * would make the engine require the java.desktop module.
 */
public final class WavEncoder {
    private static final short PCM = 1;
    private static final short IEEE_FLOAT = 3;

    private WavEncoder() {
    }

    /** 16-bit PCM, samples clipped to [-1, 1]. */
    public static byte[] pcm16(float[] samples, int sampleRate) {
        ByteBuffer b = header(samples.length, sampleRate, PCM, 2);
        for (float v : samples) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767));
        }
        return b.array();
    }

    /** 32-bit float, samples as they are. */
    public static byte[] float32(float[] samples, int sampleRate) {
        ByteBuffer b = header(samples.length, sampleRate, IEEE_FLOAT, Float.BYTES);
        for (float v : samples) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static ByteBuffer header(int samples, int rate, short format, int bytesPerSample) {
        int data = samples * bytesPerSample;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort(format).putShort((short) 1).putInt(rate).putInt(rate * bytesPerSample)
                .putShort((short) bytesPerSample).putShort((short) (8 * bytesPerSample))
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
        return b;
    }
}
