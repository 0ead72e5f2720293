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
}
