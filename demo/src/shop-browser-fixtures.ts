// A browser of one for the shop's route tests (imported by *.test.ts only, never by the shop):
// keeps the shop's cookies between requests and follows no redirect by itself.

export class ShopBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly origin: string) {}

  get(path: string): Promise<Response> {
    return this.request(path, { method: 'GET' });
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** GET, then follow redirects the way a browser does. */
  async open(path: string): Promise<{ response: Response; text: string; url: string }> {
    let url = path;
    for (let hops = 0; hops < 5; hops++) {
      const response = await this.get(url);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        url = location;
        continue;
      }
      return { response, text: await response.text(), url };
    }
    throw new Error('too many redirects');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private async request(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) {
      headers.set(
        'cookie',
        [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      );
    }
    const response = await fetch(new URL(path, this.origin), {
      ...init,
      headers,
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') {
        this.cookies.delete(name);
      } else this.cookies.set(name, value);
    }
    return response;
  }
}
