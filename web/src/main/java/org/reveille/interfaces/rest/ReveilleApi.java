package org.reveille.interfaces.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API, under /api. Authentication is HTTP BASIC (web.xml); authorisation is per method by role. */
@ApplicationPath("/api")
public class ReveilleApi extends Application {
    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String INVENTORY = "inventory";
}
