package io.llmproxy.app.cluster;

import io.llmproxy.app.storage.StorageProfiles;
import io.llmproxy.eventstore.TrackingTokens;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Spreads the streaming processors' segments over the live nodes. Axon's processors claim every
 * unclaimed segment they see, so the first node to start would keep them all; here a node holding
 * more than its fair share (all segments divided by the live nodes, rounded up) releases one per
 * round, for long enough that another node's processor claims it. Takeover needs nothing from here:
 * a stopping node releases its claims and the others' processors pick them up (a node that dies
 * loses them when {@code axon.eventhandling.tokenstore.claim-timeout} passes).
 */
@Component
@Profile(StorageProfiles.POSTGRES)
class SegmentBalancer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
  private static final long ROUND_MILLIS = 1_000;
  private static final long RELEASE_MILLIS = 5_000;
  // starts after the event processors, stops before them
  private static final int PHASE = Integer.MAX_VALUE - 1024;

  private final ClusterMembership membership;
  private final EventProcessingConfiguration eventProcessing;
  private final TrackingTokens tokens;
  private ScheduledExecutorService rounds;
  private volatile boolean failing;

  SegmentBalancer(
      ClusterMembership membership,
      EventProcessingConfiguration eventProcessing,
      TrackingTokens tokens) {
    this.membership = membership;
    this.eventProcessing = eventProcessing;
    this.tokens = tokens;
  }

  @Override
  public synchronized void start() {
    membership.heartbeat();
    rounds =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "segment-balancer");
              thread.setDaemon(true);
              return thread;
            });
    rounds.scheduleWithFixedDelay(this::round, 0, ROUND_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (rounds == null) {
      return;
    }
    rounds.shutdownNow();
    try {
      rounds.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    rounds = null;
    try {
      membership.leave();
    } catch (RuntimeException e) {
      log.warn("could not leave the cluster member list: {}", e.getMessage());
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return rounds != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  private void round() {
    try {
      membership.heartbeat();
      balance();
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn("segment balancing failed; retrying", e);
      }
      failing = true;
    }
  }

  private void balance() {
    List<StreamingEventProcessor> processors =
        eventProcessing.eventProcessors().values().stream()
            .filter(StreamingEventProcessor.class::isInstance)
            .map(StreamingEventProcessor.class::cast)
            .filter(StreamingEventProcessor::isRunning)
            .toList();
    if (processors.isEmpty()) {
      return;
    }
    int held = processors.stream().mapToInt(p -> p.processingStatus().size()).sum();
    int nodes = membership.liveNodes();
    int segments = segments(processors);
    int fairShare = (segments + nodes - 1) / nodes;
    if (held <= fairShare) {
      return;
    }
    StreamingEventProcessor fullest =
        processors.stream()
            .max(Comparator.comparingInt(p -> p.processingStatus().size()))
            .orElseThrow();
    Map<Integer, ?> status = fullest.processingStatus();
    int segment = status.keySet().stream().max(Integer::compare).orElseThrow();
    log.info(
        "releasing segment {} of {}: this node holds {} of {} segments, {} nodes alive",
        segment,
        fullest.getName(),
        held,
        segments,
        nodes);
    fullest.releaseSegment(segment, RELEASE_MILLIS, TimeUnit.MILLISECONDS);
  }

  private int segments(List<StreamingEventProcessor> processors) {
    return tokens.segmentCount(processors.stream().map(StreamingEventProcessor::getName).toList());
  }
}
