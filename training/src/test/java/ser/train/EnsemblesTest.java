package ser.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsemblesTest {
    @Test
    void membersAreNamedAfterTheirFolderAndTheirParentsWhereFoldersShareAName() {
        assertEquals(List.of("seed-1", "seed-2"), Ensembles.memberNames(List.of(Path.of("runs/rcnn/seed-1"),
                Path.of("runs/rcnn/seed-2"))));
        assertEquals(List.of("rcnn-bal-seed-1", "rcnn-bal-seed-2", "cnn-bal-seed-1", "cnn-bal-seed-2", "other"),
                Ensembles.memberNames(List.of(Path.of("runs/rcnn-bal/seed-1"), Path.of("runs/rcnn-bal/seed-2"),
                        Path.of("runs/cnn-bal/seed-1"), Path.of("runs/cnn-bal/seed-2"), Path.of("elsewhere/other"))));
        assertEquals(List.of("a-m", "a-m-2"), Ensembles.memberNames(List.of(Path.of("a/m"), Path.of("b/../a/m"))),
                "the same folder twice still gets two names");
    }
}
