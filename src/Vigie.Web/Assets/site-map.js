// The incident screen's map (Components/Pages/SiteMap.razor): Leaflet, loaded on first use from the station itself,
// tiles from the station's configured server (Console:MapTiles), one marker on the site.
const maps = new WeakMap();
let leaflet;

function load() {
    if (!leaflet) {
        leaflet = new Promise(function (resolve, reject) {
            const css = document.createElement('link');
            css.rel = 'stylesheet';
            css.href = '/assets/lib/leaflet/leaflet.css';
            document.head.appendChild(css);
            const script = document.createElement('script');
            script.src = '/assets/lib/leaflet/leaflet.js';
            script.onload = function () { resolve(window.L); };
            script.onerror = function () { leaflet = undefined; reject(new Error('Leaflet did not load')); };
            document.head.appendChild(script);
        });
    }
    return leaflet;
}

export async function show(element, latitude, longitude, tiles, attribution, zoom, label) {
    const L = await load();
    hide(element);
    const map = L.map(element, { scrollWheelZoom: false }).setView([latitude, longitude], zoom);
    L.tileLayer(tiles, { attribution: attribution, maxZoom: 19 }).addTo(map);
    L.marker([latitude, longitude], { title: label, alt: label }).addTo(map);
    maps.set(element, map);
}

export function hide(element) {
    const map = maps.get(element);
    if (map) {
        map.remove();
        maps.delete(element);
    }
}
