package ser.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneIsSingularAndEveryOtherCountPlural() {
        assertEquals("1 file", Plural.of(1, "file"));
        assertEquals("0 files", Plural.of(0, "file"));
        assertEquals("2 errors", Plural.of(2, "error"));
        assertEquals("10001 clips", Plural.of(10_001, "clip"));
    }

    @Test
    void audioRatesKeepThreeSignificantDigits() {
        assertEquals("0.0106", ScoreProgress.threeDigits(0.010612));
        assertEquals("12.3", ScoreProgress.threeDigits(12.345));
        assertEquals("1230", ScoreProgress.threeDigits(1234.5));
        assertEquals("0", ScoreProgress.threeDigits(0));
    }
}
