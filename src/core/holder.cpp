#include "core/holder.hpp"

#include "core/command_text.hpp"

namespace vpt {

const char* holder_kind_name(Holder::Kind kind) {
    switch (kind) {
        case Holder::Kind::hostdev: return "hostdev";
        case Holder::Kind::interface: return "interface";
        case Holder::Kind::network: return "network";
        case Holder::Kind::placeholder: return "placeholder";
    }
    return "hostdev";
}

std::string holder_text(const Holder& holder) {
    return "guest '" + holder.guest + "' (" + holder_kind_name(holder.kind) +
           (holder.active ? ", running)" : ", in its config)");
}

std::string release_command(const Holder& holder, const PciAddress& address) {
    if (holder.kind != Holder::Kind::network) return command_text({"vpt", "unassign", holder.guest, address.str()});
    std::vector<std::string> words = {"virsh", "detach-interface", holder.guest, "network", "--config"};
    if (holder.active) words.push_back("--live");
    return command_text(words);
}

}  // namespace vpt
