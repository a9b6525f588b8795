package dev.etcdj.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * What an operation costs the client: this JVM's CPU time and the bytes allocated by all its threads
 * (the benchmark's callers and the client's own threads, such as {@code HttpClient}'s selector), per
 * operation, over each measured iteration. The server runs in its own process and is not counted.
 * Use with {@code -prof dev.etcdj.benchmarks.CostProfiler}.
 */
public final class CostProfiler implements InternalProfiler {
    /** The secondary result with CPU nanoseconds per operation. */
    public static final String CPU = "cost.cpu.ns/op";
    /** The secondary result with allocated bytes per operation. */
    public static final String ALLOC = "cost.alloc.B/op";

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private long cpuStart;
    private long allocStart;

    @Override
    public String getDescription() {
        return "client CPU time and allocation per operation, over all threads of this JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        allocStart = allocated();
        cpuStart = OS.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration,
                                                        IterationResult result) {
        long cpu = OS.getProcessCpuTime() - cpuStart;
        long alloc = allocated() - allocStart;
        long ops = Math.max(1, result.getMetadata().getAllOps());
        return List.of(new ScalarResult(CPU, (double) cpu / ops, "ns/op", AggregationPolicy.AVG),
                new ScalarResult(ALLOC, (double) alloc / ops, "B/op", AggregationPolicy.AVG));
    }

    /** Bytes allocated so far by the live threads (threads that ended are lost: none end in a benchmark). */
    private static long allocated() {
        long sum = 0;
        for (long a : THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds())) {
            sum += Math.max(0, a);
        }
        return sum;
    }
}
