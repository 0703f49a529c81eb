// libvirt networks as vpt changes them: define, start, autostart, stop,
// undefine, each throwing a message with libvirt's reason.
#pragma once

#include <string>

#include "virt/connection.hpp"

namespace vpt {

class Network {
public:
    // Throws bad_input "unknown network" when there is none by that name.
    Network(const Connection& connection, const std::string& name);
    // Defines a new network from XML; throws when libvirt refuses it.
    static Network define(const Connection& connection, const std::string& xml);
    static bool exists(const Connection& connection, const std::string& name);

    const std::string& name() const { return name_; }
    // Its persistent definition (what undefine would lose).
    std::string config_xml() const;
    bool active() const;
    // A transient network disappears when it is stopped.
    bool persistent() const;
    void start() const;
    void stop() const;
    // Stops it when running, then starts it: a VF pool builds its VF list at
    // start, so a PF's new VF count needs this. Throws saying which half failed.
    void restart() const;
    void set_autostart(bool on) const;
    void undefine() const;

private:
    Network(std::string name, NetworkHandle handle) : name_(std::move(name)), network_(std::move(handle)) {}
    std::string name_;
    NetworkHandle network_;
};

}  // namespace vpt
