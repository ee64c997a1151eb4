package org.reveille.application;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.util.Optional;
import org.reveille.domain.model.wake.WakeJob;
import org.reveille.domain.model.wake.WakeRequest;

/** Records wake requests as jobs. Resolution and dispatch of their targets build on this. */
@Stateless
public class WakeJobService {

    @PersistenceContext
    private EntityManager em;

    @Inject
    private Clock clock;

    public WakeJob record(WakeRequest request, WakeJob.Source source, String requestedBy) {
        WakeJob job = new WakeJob(request, source, requestedBy, clock.instant());
        em.persist(job);
        em.flush();
        return job;
    }

    /** The job with its items loaded. */
    public Optional<WakeJob> find(long id) {
        WakeJob job = em.find(WakeJob.class, id);
        if (job != null) {
            job.items();
        }
        return Optional.ofNullable(job);
    }
}
