window.alert('Yo!');
