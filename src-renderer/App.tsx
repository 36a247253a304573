import { useEffect, useState } from 'react';
import { bridge } from './bridge/bridge';

export function App() {
  const [version, setVersion] = useState('');
  useEffect(() => {
    void bridge.invoke('app.info', {}).then((info) => setVersion(info.version));
  }, []);
  return <main>BooCoder {version}</main>;
}
