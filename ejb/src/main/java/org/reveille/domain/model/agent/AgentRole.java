package org.reveille.domain.model.agent;

/** A registered agent's role on its subnet. */
public enum AgentRole {
    PRIMARY, ALTERNATE, MEMBER
}
