package io.paxoschat.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventQueueTest {

  @Test
  void eventsLeaveByTimeThenInTheOrderTheyWereScheduled() {
    EventQueue queue = new EventQueue();
    queue.schedule(5, new SimEvent.ClientTick(1));
    queue.schedule(3, new SimEvent.ClientTick(2));
    queue.schedule(5, new SimEvent.ClientTick(3));
    queue.schedule(3, new SimEvent.ClientTick(4));
    List<Integer> order = new ArrayList<>();
    while (queue.size() > 0) {
      order.add(((SimEvent.ClientTick) queue.poll().event()).clientId());
    }
    assertEquals(List.of(2, 4, 1, 3), order);
    assertEquals(Long.MAX_VALUE, queue.nextTime());
  }
}
