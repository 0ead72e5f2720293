package ser.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommBackendTest {
    @Test
    void autoIsNcclOnlyWhenTheRankIsOnAGpuAndTheBuildCarriesNccl() {
        assertEquals(CommBackend.NCCL, CommBackend.choose("auto", true, null).backend());
        assertEquals(CommBackend.GLOO, CommBackend.choose("auto", true, "no CUDA device").backend());
        assertEquals(CommBackend.GLOO, CommBackend.choose("auto", false, null).backend());
        assertNull(CommBackend.choose("auto", true, "no CUDA device").notice(), "auto promised nothing, so says nothing");
    }

    @Test
    void ncclThatCannotRunFallsBackToGlooInOneLineThatSaysWhy() {
        CommBackend.Choice shared = CommBackend.choose("nccl", true, "the 2 ranks on this machine share 1 GPU");
        assertEquals(CommBackend.GLOO, shared.backend());
        assertEquals("backend: NCCL unavailable (the 2 ranks on this machine share 1 GPU); using Gloo with the same CUDA tensors",
                shared.notice());
        CommBackend.Choice cpu = CommBackend.choose("nccl", false, null);
        assertEquals(CommBackend.GLOO, cpu.backend());
        assertTrue(cpu.notice().contains("trains on the CPU"), cpu.notice());
        assertEquals(CommBackend.NCCL, CommBackend.choose("nccl", true, null).backend());
        assertNull(CommBackend.choose("gloo", true, null).notice());
        assertThrows(IllegalArgumentException.class, () -> CommBackend.choose("mpi", true, null));
    }

    @Test
    void theLauncherSaysHowManyRanksShareTheMachine() {
        DistEnv env = DistEnv.fromEnvironment(Map.of("RANK", "3", "WORLD_SIZE", "4", "LOCAL_RANK", "1", "LOCAL_WORLD_SIZE", "2"),
                "auto");
        assertEquals(1, env.localRank());
        assertEquals(2, env.localWorldSize());
        assertEquals(1, DistEnv.fromEnvironment(Map.of("RANK", "0", "WORLD_SIZE", "2"), "auto").localWorldSize());
        assertThrows(IllegalArgumentException.class, () -> DistEnv.fromEnvironment(Map.of("WORLD_SIZE", "2",
                "LOCAL_WORLD_SIZE", "3"), "auto"));
    }

    @Test
    void aCpuJobKeepsItsRanksOnTheCpuAndNeverProbesNccl() {
        var env = new DistEnv(1, 2, 1, 2, "127.0.0.1", 29500, "auto");
        assertEquals("cpu", ProcessGroup.deviceFor(env, new org.bytedeco.pytorch.Device("cpu")).str().getString());
    }
}
