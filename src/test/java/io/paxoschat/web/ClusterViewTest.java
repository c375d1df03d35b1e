package io.paxoschat.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paxoschat.remote.StatusReport;
import org.junit.jupiter.api.Test;

class ClusterViewTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(ClusterView view, long nowNanos) throws Exception {
    return JSON.readTree(view.json(nowNanos));
  }

  @Test
  void viewChangesBeforeTheGatewayStartedAreCountedAndAgreeWithTheViewShown() throws Exception {
    ClusterView view = new ClusterView(3);
    // The gateway comes to a cluster that already moved to view 1: one change it never saw.
    view.status(new StatusReport(0, 1, false, 10, 10, 0), 1);
    view.status(new StatusReport(1, 1, true, 10, 10, 0), 2);

    JsonNode status = json(view, 3);
    assertEquals(1, status.get("view").asLong());
    assertEquals(1, status.get("viewChanges").asLong());
  }

  @Test
  void aStaleReportOfAnOlderViewChangesNothingAndALaterViewCountsEveryViewBegun() throws Exception {
    ClusterView view = new ClusterView(3);
    view.status(new StatusReport(0, 0, true, 0, 0, 0), 1);
    assertEquals(0, json(view, 2).get("viewChanges").asLong(), "view 0 is where the cluster begins");

    view.status(new StatusReport(2, 3, false, 0, 0, 0), 3); // views 1 and 2 were begun and given up
    view.status(new StatusReport(0, 0, false, 0, 0, 0), 4); // replica 0 has not heard yet

    JsonNode status = json(view, 5);
    assertEquals(3, status.get("view").asLong());
    assertEquals(3, status.get("viewChanges").asLong());
  }
}
