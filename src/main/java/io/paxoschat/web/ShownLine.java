package io.paxoschat.web;

/** A committed chat line as the pages show it: slot, who (client id, and a tab's name), seq, text. */
record ShownLine(long slot, int clientId, long seq, String name, String text) {}
