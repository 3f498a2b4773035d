//! The client's address: the TCP peer, or, when that peer is a configured trusted proxy
//! (`BASISBAAN_TRUSTED_PROXIES`), the address that proxy reports in `X-Forwarded-For`.
//!
//! `X-Forwarded-For` is read from the right: each trusted proxy appends the address it received the
//! request from, so the first address from the right that is not itself a trusted proxy is the client.
//! Anything further left was written by the client and is not believed. From an untrusted peer the header
//! is ignored altogether, so nobody can choose the address their attempts count against.

use std::net::IpAddr;

use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed: addresses and networks.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// A comma-separated list of addresses (`10.0.0.5`, `::1`) and networks (`10.0.0.0/8`).
    pub fn parse(list: &str) -> anyhow::Result<Self> {
        let mut networks = Vec::new();
        for item in list.split(',').map(str::trim).filter(|item| !item.is_empty()) {
            let network = match item.parse::<IpNet>() {
                Ok(network) => network,
                Err(_) => item
                    .parse::<IpAddr>()
                    .map(IpNet::from)
                    .map_err(|_| anyhow::anyhow!("not an address or network: {item}"))?,
            };
            networks.push(network);
        }
        Ok(Self(networks))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client behind `peer`, given the request's `X-Forwarded-For` headers (in the order received).
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let mut client = peer;
        let hops = forwarded_for.iter().flat_map(|value| value.split(',')).map(str::trim).collect::<Vec<_>>();
        for hop in hops.into_iter().rev() {
            let Some(address) = parse_hop(hop) else { break };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        client
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// One entry of `X-Forwarded-For`: an address, possibly with a port (`1.2.3.4:5678`, `[::1]:80`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    if let Ok(socket) = hop.parse::<std::net::SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_header_is_ignored_from_an_untrusted_peer() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(proxies.client(ip("203.0.113.9"), &["1.1.1.1"]), ip("203.0.113.9"));
        assert_eq!(TrustedProxies::default().client(ip("10.0.0.1"), &["1.1.1.1"]), ip("10.0.0.1"));
    }

    #[test]
    fn the_first_untrusted_hop_from_the_right_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.1, 192.168.0.0/16").unwrap();
        // The client wrote 6.6.6.6 itself; the proxies appended 198.51.100.7 and 192.168.1.1.
        assert_eq!(proxies.client(ip("10.0.0.1"), &["6.6.6.6, 198.51.100.7", "192.168.1.1"]), ip("198.51.100.7"));
        assert_eq!(proxies.client(ip("::ffff:10.0.0.1"), &["198.51.100.7:4711"]), ip("198.51.100.7"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &["garbage"]), ip("10.0.0.1"));
    }

    #[test]
    fn a_wrong_entry_is_refused_at_start() {
        assert!(TrustedProxies::parse("10.0.0.0/8, proxy.example").is_err());
        assert!(TrustedProxies::parse("").unwrap().is_empty());
    }
}
