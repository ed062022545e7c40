extension HAProxyRuntimeClient: BlockingBalancerSource {}
