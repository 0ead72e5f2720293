package ser.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WavEncoderTest {
    private static float[] tone() {
        float[] x = new float[16_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.8 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        }
        return x;
    }

    @Test
    void ffmpegReadsBackWhatEachEncodingWrote() throws AudioDecodeException {
        float[] x = tone();
        DecodedAudio pcm = AudioDecoder.decode("tone.wav", WavEncoder.pcm16(x, 16_000));
        assertEquals("pcm_s16le", pcm.source().codec());
        // written as round(x · 32767), read as v / 32768: within (0.5 + |x|) / 32768 of x
        assertArrayEquals(x, pcm.samples(), 1.5f / 32768);
        DecodedAudio floats = AudioDecoder.decode("tone.wav", WavEncoder.float32(x, 16_000));
        assertEquals("pcm_f32le", floats.source().codec());
        assertArrayEquals(x, floats.samples(), 0f);
        assertEquals(44 + 2 * x.length, WavEncoder.pcm16(x, 16_000).length);
    }
}
