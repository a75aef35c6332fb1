/**
 * The simulated system: a small web shop of seven services behind one frontend, the data they
 * talk about, and the users who call it. Everything here is static data; behaviour is in handlers.ts.
 */
export const SERVICES = ['frontend', 'auth', 'inventory', 'checkout', 'payments', 'shipping', 'db-proxy'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ServiceSpec {
  name: ServiceName;
  /** Pod address other services connect to. */
  ip: string;
  port: number;
  host: string;
  /** Runtime, which shapes how the service crashes. */
  runtime: 'node' | 'java' | 'go';
  version: string;
}

export const SERVICE_SPECS: Record<ServiceName, ServiceSpec> = {
  frontend: { name: 'frontend', ip: '10.42.0.11', port: 8080, host: 'node-a1', runtime: 'node', version: '3.14.2' },
  auth: { name: 'auth', ip: '10.42.0.12', port: 8081, host: 'node-a2', runtime: 'go', version: '1.9.0' },
  inventory: { name: 'inventory', ip: '10.42.0.13', port: 8082, host: 'node-a2', runtime: 'node', version: '2.7.5' },
  checkout: { name: 'checkout', ip: '10.42.0.14', port: 8083, host: 'node-a3', runtime: 'java', version: '4.2.1' },
  payments: { name: 'payments', ip: '10.42.0.15', port: 8084, host: 'node-a3', runtime: 'java', version: '5.0.3' },
  shipping: { name: 'shipping', ip: '10.42.0.16', port: 8085, host: 'node-a4', runtime: 'go', version: '1.3.8' },
  'db-proxy': { name: 'db-proxy', ip: '10.42.0.20', port: 5432, host: 'db-1', runtime: 'go', version: '0.18.4' },
};

export interface RouteSpec {
  method: 'GET' | 'POST';
  /** The route template (http.route). */
  route: string;
  weight: number;
}

/** The frontend's public routes and their share of traffic. */
export const ROUTES: RouteSpec[] = [
  { method: 'GET', route: '/api/products', weight: 25 },
  { method: 'GET', route: '/api/products/{sku}', weight: 25 },
  { method: 'POST', route: '/api/cart/items', weight: 15 },
  { method: 'POST', route: '/api/login', weight: 7 },
  { method: 'POST', route: '/api/checkout', weight: 12 },
  { method: 'GET', route: '/api/orders/{id}', weight: 8 },
  { method: 'GET', route: '/api/shipping/quote', weight: 8 },
];
export const ROUTE_WEIGHTS = ROUTES.map((r) => r.weight);

export const CATEGORIES = ['shoes', 'jackets', 'bags', 'watches', 'hats', 'socks', 'gloves', 'scarves'];
export const CARRIERS = ['dhl', 'ups', 'dpd', 'gls', 'postnl'];
export const ZONES = ['de', 'fr', 'nl', 'it', 'es', 'pl', 'uk', 'us'];
export const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
  'shop-app/5.2.0 (Android 14; Pixel 8)',
];
/** Names a password-guessing bot tries. */
export const GUESSED_USERNAMES = [
  'admin', 'root', 'test', 'user', 'guest', 'info', 'support', 'oracle', 'postgres', 'ubuntu', 'administrator',
  'demo', 'sales', 'webmaster', 'backup', 'operator', 'shop', 'manager', 'service', 'dev',
];

export interface User {
  id: string;
  name: string;
  ip: string;
  userAgent: string;
}

/** A fixed population of customers, each with a stable address and browser. */
export function makeUsers(count: number, rand: () => number): User[] {
  const first = ['anna', 'ben', 'chloe', 'david', 'emma', 'felix', 'greta', 'hugo', 'ines', 'jonas', 'klara', 'leon', 'mia', 'noah', 'olga', 'paul'];
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${first[Math.floor(rand() * first.length)]}.${(1000 + i).toString(36)}`;
    const v6 = rand() < 0.15;
    const ip = v6
      ? `2001:db8:${Math.floor(rand() * 0xffff).toString(16)}::${Math.floor(rand() * 0xffff).toString(16)}`
      : `${rand() < 0.5 ? 198 : 203}.${rand() < 0.5 ? 51 : 0}.${rand() < 0.5 ? 100 : 113}.${1 + Math.floor(rand() * 253)}`;
    users.push({ id: `u${(100000 + i * 7919) % 1000000}`, name, ip, userAgent: USER_AGENTS[Math.floor(rand() * USER_AGENTS.length)] });
  }
  return users;
}

/**
 * Traffic relative to the daily mean at a time of day (UTC hours): lowest around 04:00 (0.4x the
 * mean), highest around 16:00 (1.6x the mean); the factor averages to 1 over a day.
 */
export function dailyTrafficFactor(timeMs: number): number {
  const hours = (timeMs / 3_600_000) % 24;
  return 1 - 0.6 * Math.cos((2 * Math.PI * (hours - 4)) / 24);
}
