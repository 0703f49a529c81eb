#include "core/holder.hpp"

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

}  // namespace vpt
