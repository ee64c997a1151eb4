package org.reveille.agent;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.reveille.protocol.TargetResult;
import org.reveille.protocol.WakeBatch;
import org.reveille.protocol.BatchTarget;
import org.reveille.wol.MagicPacket;
import org.reveille.wol.MagicPacketSender;
import org.reveille.wol.WakeDelivery;

/** Turns a wake batch into magic packets on the agent's subnet, skipping (job, MAC) pairs already executed. */
final class WakeExecutor implements Closeable {

    private final AgentConfig config;
    private final WakeDeduplicator deduplicator;
    private final AtomicLong packetsSent = new AtomicLong();
    private MagicPacketSender sender;

    WakeExecutor(AgentConfig config, Clock clock) {
        this.config = config;
        this.deduplicator = new WakeDeduplicator(clock, config.dedupeWindow, 100_000);
    }

    void open() throws IOException {
        sender = MagicPacketSender.open(config.address);
    }

    List<TargetResult> execute(WakeBatch batch) {
        WakeDelivery subnet = WakeDelivery.toBroadcast(config.broadcast)
                .port(batch.port() != 0 ? batch.port() : config.wolPort)
                .repeat(batch.repeat() != 0 ? batch.repeat() : config.wolRepeat);
        List<TargetResult> results = new ArrayList<>(batch.targets().size());
        synchronized (this) {
            for (BatchTarget target : batch.targets()) {
                if (!deduplicator.firstTime(batch.jobId(), target.mac())) {
                    results.add(new TargetResult(target.mac(), TargetResult.Outcome.DUPLICATE, 0,
                            "already executed for this job"));
                    continue;
                }
                try {
                    int sent = sender.send(MagicPacket.of(target.mac(), target.password()),
                            subnet.alsoUnicastTo(target.lastKnownIp()));
                    packetsSent.addAndGet(sent);
                    results.add(TargetResult.sent(target.mac(), sent));
                } catch (IOException e) {
                    results.add(TargetResult.failed(target.mac(), String.valueOf(e.getMessage())));
                }
            }
        }
        return results;
    }

    long packetsSent() {
        return packetsSent.get();
    }

    @Override
    public void close() throws IOException {
        if (sender != null) {
            sender.close();
        }
    }
}
