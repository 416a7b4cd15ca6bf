// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import network.perun.api.Bytes;
import network.perun.api.WireAddress;
import network.perun.node.config.ConfigException;
import network.perun.node.config.HostPort;
import network.perun.node.http.HttpJson;

/**
 * The node's contacts, kept in {@code contacts.json} in the data directory and written (to a temporary file, then
 * moved over the old one) on every change, so a contact added at runtime survives a restart (perun-node lost them).
 *
 * <pre>
 * {"version":1,"contacts":[{"name":"bob","wireAddress":"HEX","address":"127.0.0.1:7160"}]}
 * </pre>
 */
public final class ContactBook {
  private final Path file;
  private final int backendId;
  private final Map<String, Contact> byName = new LinkedHashMap<>();

  private ContactBook(Path file, int backendId) {
    this.file = file;
    this.backendId = backendId;
  }

  /**
   * The contacts in {@code file} (none if it does not exist yet), for wire addresses of {@code backendId}.
   *
   * @throws ConfigException if the file cannot be read
   */
  public static ContactBook open(Path file, int backendId) {
    ContactBook book = new ContactBook(file, backendId);
    if (Files.exists(file)) {
      try {
        JsonNode root = HttpJson.MAPPER.readTree(file.toFile());
        for (JsonNode c : root.path("contacts")) {
          Contact contact = new Contact(c.path("name").asText(), book.wireAddress(c.path("wireAddress").asText()),
              HostPort.parse(c.path("address").asText(), "address of contact " + c.path("name").asText()));
          book.byName.put(contact.name(), contact);
        }
      } catch (IOException | RuntimeException e) {
        throw new ConfigException("cannot read the contacts file " + file + ": " + e.getMessage(), e);
      }
    }
    return book;
  }

  /** Parses a wire address in hex for this book's backend. */
  public WireAddress wireAddress(String hex) {
    try {
      return new WireAddress(backendId, Bytes.fromHex(hex));
    } catch (RuntimeException e) {
      throw new NodeException(ErrorCode.INVALID_REQUEST, "wire address must be hex bytes, got \"" + hex + "\"");
    }
  }

  /** Every contact in the order they were added. */
  public synchronized List<Contact> all() {
    return List.copyOf(byName.values());
  }

  public synchronized Optional<Contact> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public synchronized Optional<Contact> byWireAddress(WireAddress address) {
    return byName.values().stream().filter(c -> c.wireAddress().equals(address)).findFirst();
  }

  /**
   * Adds {@code contact} and saves the book.
   *
   * @throws NodeException {@link ErrorCode#CONTACT_EXISTS} if its name or wire address is taken
   */
  public synchronized void add(Contact contact) {
    if (byName.containsKey(contact.name())) {
      throw new NodeException(ErrorCode.CONTACT_EXISTS, "a contact named \"" + contact.name() + "\" exists already");
    }
    byWireAddress(contact.wireAddress()).ifPresent(other -> {
      throw new NodeException(ErrorCode.CONTACT_EXISTS, "contact \"" + other.name() + "\" has wire address " + contact.wireAddressHex() + " already");
    });
    byName.put(contact.name(), contact);
    try {
      save();
    } catch (RuntimeException e) {
      byName.remove(contact.name());
      throw e;
    }
  }

  /**
   * Removes the contact {@code name} and saves the book; returns it.
   *
   * @throws NodeException {@link ErrorCode#UNKNOWN_CONTACT} if there is none
   */
  public synchronized Contact remove(String name) {
    Contact removed = byName.remove(name);
    if (removed == null) {
      throw new NodeException(ErrorCode.UNKNOWN_CONTACT, "no contact is named \"" + name + "\"");
    }
    try {
      save();
    } catch (RuntimeException e) {
      byName.put(name, removed);
      throw e;
    }
    return removed;
  }

  private void save() {
    ObjectNode root = HttpJson.MAPPER.createObjectNode();
    root.put("version", 1);
    ArrayNode list = root.putArray("contacts");
    for (Contact c : byName.values()) {
      list.addObject().put("name", c.name()).put("wireAddress", c.wireAddressHex()).put("address", c.address().toString());
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, HttpJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new NodeException(ErrorCode.INTERNAL, "cannot save the contacts to " + file + ": " + e.getMessage());
    }
  }

  /** A copy of the names, for logs. */
  @Override
  public synchronized String toString() {
    return "ContactBook(" + new ArrayList<>(byName.keySet()) + ")";
  }
}
